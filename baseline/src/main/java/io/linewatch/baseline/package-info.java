/**
 * Learned per-device baselines: what is normal (talkers, functions, objects, values, rhythm, identity), learning
 * then monitoring on capture time, the observations departures become, the baseline file and its reviewed changes.
 */
package io.linewatch.baseline;
