/**
 * Render core: draws a fan's album artwork (name + team) as a JPEG, a pure function of (campaign
 * version, template, team, name).
 *
 * <p>Use: build one {@link chorus.render.ArtworkRenderer} per campaign version from
 * {@link chorus.render.FontChain#load} (the repository's {@code fonts/}) and
 * {@link chorus.render.ArtworkRenderer.Options}; map {@code artwork.templates[]} with
 * {@link chorus.render.TemplateSpec#fromJson} and each team to a {@link chorus.render.TeamSpec} (the label
 * in the fan's language). {@code render(template, team, name)} is thread-safe and blocking (CPU only, a
 * few ms): call it from worker threads, never an event loop. {@link chorus.render.RenderKey} names the
 * output for storage. Names should be validated before (no controls, bidi overrides or blank names).
 *
 * <p>How it is fast: per (template, team) the fan-independent picture is composed and JPEG-encoded once
 * with a restart marker after every row of 16x16 MCUs; a fan's render lays out the name, draws it on a
 * copy of just the MCU rows its pixels touch, encodes those rows with the same tables and splices them
 * in ({@link chorus.render.RestartJpeg}). The result is byte-identical to encoding the whole image.
 */
package chorus.render;
