export { createKafka, ensureTopics, type KafkaOptions } from './kafka.js';
export { EventHeader } from './event-headers.js';
export { CreateOutbox1795462800000 } from './migrations/1795462800000-CreateOutbox.js';
export { CreateInbox1795462800001 } from './migrations/1795462800001-CreateInbox.js';
export { enqueueEvents, type OutgoingEvent } from './outbox/enqueue-events.js';
export { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay.js';
export { EventConsumer, type EventConsumerOptions, type EventHandler, type IncomingEvent } from './consumer/event-consumer.js';
export { DeadLetterHeader, deadLetterTopic } from './consumer/dead-letter.js';
