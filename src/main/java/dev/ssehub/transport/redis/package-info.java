/**
 * The Redis Streams transport: several replicas share one stream in Redis and act as one hub.
 */
package dev.ssehub.transport.redis;
