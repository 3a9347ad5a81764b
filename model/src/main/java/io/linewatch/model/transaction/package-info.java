/**
 * The typed records the stages hand each other (transactions, flow records, observations) and the one place their
 * documents are built ({@link io.linewatch.model.transaction.Documents}), where they are written.
 */
package io.linewatch.model.transaction;
