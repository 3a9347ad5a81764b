/**
 * The command line: the analyze, capture, ship and inventory commands, options and the configuration file, and the
 * end-of-run report; it wires the pipeline and owns no processing.
 */
package io.linewatch.sensor;
