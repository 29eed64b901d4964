export * from './common-schemas.js';
export * from './daemon-client.js';
export * from './event-schemas.js';
export * from './folder-schemas.js';
export * from './frame-codec.js';
export * from './frame-schemas.js';
export * from './request-schemas.js';
