/**
 * The chorus mix: approved takes at their aligned offsets summed into stereo stems, hierarchically (leaf
 * batches of takes into 32-bit float submixes, submixes into submixes, a root that normalises and writes the
 * stems), with the server-side alignment of each take. A lower layer: no HTTP. The maths ({@link
 * chorus.mix.LeafMixer}, {@link chorus.mix.Submix}, {@link chorus.mix.Mastering}, {@link
 * chorus.mix.Aligner}) is plain Java on local files and arrays; decoding ({@link chorus.audio.Decoder}), encoding
 * ({@link chorus.audio.Ffmpeg}) and the BS.1770 K-weighting and gating ({@link chorus.audio.LoudnessMeter}) are the
 * audio engine's, the one place each lives: the mix may import {@code audio}, never the other way.
 */
package chorus.mix;
