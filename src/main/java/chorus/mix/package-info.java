/**
 * The chorus mix: approved takes at their aligned offsets summed into stereo stems, hierarchically (leaf
 * batches of takes into 32-bit float submixes, submixes into submixes, a root that normalises and writes the
 * stems), with the server-side alignment of each take. A lower layer: no HTTP. The maths ({@link
 * chorus.mix.LeafMixer}, {@link chorus.mix.SubmixMerger}, {@link chorus.mix.Mastering}, {@link
 * chorus.mix.Aligner}) is plain Java on local files and arrays; FFmpeg runs as a child process for decoding
 * ({@link chorus.mix.PcmDecoder}) and encoding ({@link chorus.mix.Ffmpeg}).
 */
package chorus.mix;
