export * as events from './generated/yanxiu/events/v1/envelope.js';
export * as identity from './generated/yanxiu/identity/v1/identity_service.js';
export * as org from './generated/yanxiu/identity/v1/org.js';
export * as teacher from './generated/yanxiu/identity/v1/teacher.js';
export * as transfer from './generated/yanxiu/identity/v1/transfer.js';
export * as reporting from './generated/yanxiu/reporting/v1/reporting_service.js';
export { PROTO_ROOT, protoFiles, protoLoaderOptions } from './proto-root.js';
export { deadLetterTopic, Topics, topicVersion, type Topic } from './topics.js';
