/**
 * The web console: an HTTPS server (Netty, used only here) with token authentication, a JSON API under
 * {@code /api/} and plain pages, over an output directory ({@code linewatch serve}) or a running pipeline's
 * {@link io.linewatch.pipeline.PipelineSnapshot} ({@code linewatch capture --console}).
 */
package io.linewatch.console;
