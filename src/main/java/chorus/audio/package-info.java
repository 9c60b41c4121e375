/**
 * What the server hears in a take: decoding with the bundled FFmpeg (a child process per take, under CPU, wall-time
 * and memory ceilings), one pass of measurements over the decoded 48 kHz mono PCM (levels, clipping, EBU R128
 * loudness, voice and silence, bleed of the backing track), a verdict, and the 48 kHz mono FLAC producers work from.
 * A lower layer: blocking calls meant for a worker thread, no HTTP, no event bus.
 */
package chorus.audio;
