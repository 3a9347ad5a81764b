/**
 * The facts rules match on: transactions derived from events, and maintenance windows.
 */
package io.linewatch.rules.facts;
