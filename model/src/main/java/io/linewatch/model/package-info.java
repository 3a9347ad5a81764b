/**
 * The documents every stage shares: EventDoc and its field names (SCHEMA.md), identity facts, the sinks stages
 * write to, JSON, ids and timestamps.
 */
package io.linewatch.model;
