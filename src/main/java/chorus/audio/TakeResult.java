package chorus.audio;

import io.vertx.core.json.JsonObject;

/**
 * The outcome of one take: the verdict, the figures behind it (the {@code recordings.analysis} JSON: durationMs,
 * sampleRate, channels, codec, container, peakDbfs, rmsDbfs, clippedShare, lufs, voiceSeconds, silenceSeconds, bleed,
 * bleedScore, bleedOffsetMs, trimStartSamples, trimEndSamples, producerSamples, gainDb, and for an undecodable take
 * its reason), and whether the producer FLAC was written (not for undecodable or silent takes).
 */
public record TakeResult(Verdict verdict, JsonObject figures, boolean producerWritten) {}
