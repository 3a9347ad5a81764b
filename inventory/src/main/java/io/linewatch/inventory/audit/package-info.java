/**
 * Comparing two inventories: new, gone and changed devices and fields.
 */
package io.linewatch.inventory.audit;
