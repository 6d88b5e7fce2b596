package dev.ballast.pipeline.internal;

import dev.ballast.schemas.InferenceConfig;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The cache key of a request: SHA-256 over its normalized content (route, system prompt, messages,
 * response schema, inference settings), so the same question gets the same key whatever its id,
 * metadata or submission time. Thread-safe.
 */
public final class Fingerprints {

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** One digest per thread, reset by each {@code digest()}: a lookup per call costs more. */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(Fingerprints::sha256);

  private Fingerprints() {}

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  public static String of(InferenceRequest r) {
    MessageDigest sha = SHA_256.get();
    sha.reset();
    field(sha, "route", r.getRoute());
    field(sha, "system", r.getSystem() == null ? null : r.getSystem().strip());
    for (Message m : r.getMessages()) {
      field(sha, "role", m.getRole().name());
      field(sha, "content", m.getContent().strip());
    }
    field(
        sha,
        "schema",
        r.getResponseSchema() == null
            ? null
            : WHITESPACE.matcher(r.getResponseSchema()).replaceAll(""));
    InferenceConfig i = r.getInference();
    if (i != null) {
      field(sha, "maxTokens", String.valueOf(i.getMaxTokens()));
      field(sha, "temperature", String.valueOf(i.getTemperature()));
      field(sha, "topP", String.valueOf(i.getTopP()));
      field(sha, "stop", String.valueOf(i.getStopSequences()));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void field(MessageDigest sha, String name, String value) {
    sha.update(name.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    if (value != null) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(bytes);
    }
    sha.update((byte) 1);
  }
}
