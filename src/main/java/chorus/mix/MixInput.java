package chorus.mix;

/** A take chosen for a mix: where it sits and where its producer FLAC is stored. */
public record MixInput(MixTake take, String producerKey) {}
