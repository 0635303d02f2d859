import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { ENROLLMENT_ROLES } from '../enrollment/enrollment.dto.js';
import { PageQuery } from '../listing/page.dto.js';

export const LEADER_SOURCES = ['enrolled', 'provisional', 'appointed'] as const;

export class FormStudyGroupsBody {
  @ApiProperty({ format: 'uuid', description: "The county (or, for projects with tutor teams per city such as 高中, the city) whose groups are (re)formed; a new formation replaces the region's groups" })
  @IsUUID()
  orgId!: string;
}

export class ListStudyGroupsQuery extends PageQuery {
  @ApiProperty({ required: false, format: 'uuid', description: 'A school, county, city or the province inside your jurisdiction; default your own org' })
  @IsOptional()
  @IsUUID()
  orgId?: string;
}

export class TutorReportQuery {
  @ApiProperty({ required: false, format: 'uuid', description: 'A county, city or the province inside your jurisdiction; default your own org' })
  @IsOptional()
  @IsUUID()
  orgId?: string;
}

export class MoveMemberBody {
  @ApiProperty({ format: 'uuid', description: 'A trainee or group leader enrolled in the region; they leave their current group' })
  @IsUUID()
  teacherId!: string;
}

export class ChangeLeaderBody {
  @ApiProperty({ format: 'uuid', description: 'A member of the group' })
  @IsUUID()
  teacherId!: string;
}

export class AssignTutorBody {
  @ApiProperty({ format: 'uuid', nullable: true, description: "A tutor enrolled for the group's county or city and subject team; null leaves the group without a tutor" })
  @ValidateIf((b: AssignTutorBody) => b.tutorTeacherId !== null)
  @IsUUID()
  tutorTeacherId!: string | null;
}

export class SetTeamHeadBody {
  @ApiProperty({ format: 'uuid', description: "The team's county or city" })
  @IsUUID()
  orgId!: string;

  @ApiProperty({ example: '物理', description: "The team's subject: 综合 for the high-school 综合 team, empty for kindergartens" })
  @IsString()
  @Length(0, 32)
  subject!: string;

  @ApiProperty({ format: 'uuid', description: "One of the team's enrolled tutors" })
  @IsUUID()
  teacherId!: string;
}

export class StudyGroupMemberView {
  @ApiProperty() teacherId!: string;
  @ApiProperty() enrollmentId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The school enrolled through' }) orgPath!: string;
  @ApiProperty({ description: 'As enrolled' }) subject!: string;
  @ApiProperty({ enum: ENROLLMENT_ROLES }) role!: string;
}

export class StudyGroupView {
  @ApiProperty() id!: string;
  @ApiProperty() projectId!: string;
  @ApiProperty({ example: '/37/3701/370102', description: 'The county or city it was formed in' }) regionPath!: string;
  @ApiProperty({ example: '/37/3701/370102/S0001', description: 'The school, or the county/city of a group across schools' }) orgPath!: string;
  @ApiProperty({ example: '济南市章丘七中高中体育研修组' }) name!: string;
  @ApiProperty({ example: '体育', description: 'Its tutor team: the subject, 综合 when mixed, empty for kindergartens' }) subject!: string;
  @ApiProperty() leaderTeacherId!: string;
  @ApiProperty() leaderName!: string;
  @ApiProperty({ enum: LEADER_SOURCES, description: 'provisional: nobody enrolled as 研修组长 in it; the admin appoints one' }) leaderSource!: string;
  @ApiProperty({ nullable: true, type: String }) tutorTeacherId!: string | null;
  @ApiProperty() tutorName!: string;
  @ApiProperty() memberCount!: number;
  @ApiProperty({ type: [StudyGroupMemberView], description: 'Only when one group is asked for' }) members!: StudyGroupMemberView[];
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class StudyGroupPageView {
  @ApiProperty({ type: [StudyGroupView] }) groups!: StudyGroupView[];
  @ApiProperty({ description: 'Empty on the last page' }) nextPageToken!: string;
  @ApiProperty() total!: number;
}

export class MoveMemberView {
  @ApiProperty({ type: StudyGroupView }) group!: StudyGroupView;
  @ApiProperty({ type: StudyGroupView, nullable: true, description: 'The group they left' }) previousGroup!: StudyGroupView | null;
}

export class TutorTeamView {
  @ApiProperty({ example: '/37/3701/370102' }) regionPath!: string;
  @ApiProperty({ example: '历下区' }) regionName!: string;
  @ApiProperty({ example: '数学' }) subject!: string;
  @ApiProperty({ nullable: true, type: String, description: '组长' }) headTeacherId!: string | null;
  @ApiProperty() tutors!: number;
  @ApiProperty() groups!: number;
  @ApiProperty() trainees!: number;
  @ApiProperty({ description: "Tutors the project's ratios ask for" }) required!: number;
  @ApiProperty({ description: 'required − tutors when positive' }) missing!: number;
  @ApiProperty() groupsWithoutTutor!: number;
}

export class FormedStudyGroupsView {
  @ApiProperty({ type: [StudyGroupView] }) groups!: StudyGroupView[];
  @ApiProperty({ type: [TutorTeamView] }) teams!: TutorTeamView[];
}

export class TutorReportView {
  @ApiProperty({ type: [TutorTeamView] }) teams!: TutorTeamView[];
  @ApiProperty({ description: 'Tutors missing over all teams' }) missing!: number;
}
