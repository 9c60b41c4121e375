package chorus.storage;

/** What storage knows about an object. */
public record ObjectInfo(String key, long size, String contentType) {}
