import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deadLetterTopic, PROTO_ROOT, Topics, topicVersion, org } from './index.js';

describe('topics', () => {
  it('reads the schema version from the topic name', () => {
    expect(topicVersion(Topics.teacherCreated)).toBe(1);
  });

  it('declares every topic and its dead-letter topic in deploy/kafka/topics.txt', () => {
    const declared = readFileSync(path.join(PROTO_ROOT, '..', 'deploy', 'kafka', 'topics.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[0])
      .filter((name): name is string => !!name && !name.startsWith('#'));
    for (const topic of Object.values(Topics)) {
      expect(declared).toContain(topic);
      expect(declared).toContain(deadLetterTopic(topic));
    }
  });
});

describe('generated messages', () => {
  it('round-trips an event payload through protobuf', () => {
    const event = { org: { id: 'o1', code: '3701', name: '济南市', level: org.OrgLevel.ORG_LEVEL_CITY, parentId: 'p', path: '/37/3701' } };
    expect(org.OrgCreated.decode(org.OrgCreated.encode(event).finish())).toEqual(event);
  });
});
