package dev.ballast.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The schemas of released versions, kept under {@code schemas/released/<version>/} and on the
 * classpath under {@code ballast/schemas/released/}. Readers register them so that records written
 * by older producers stay decodable; the build checks that the current schemas can read them.
 */
public final class ReleasedSchemas {

  /** Released versions, oldest first. Add a version here when releasing a schema change. */
  public static final List<String> VERSIONS = List.of("0.1");

  private ReleasedSchemas() {}

  /** Every released version of the named record schema ({@code X}). */
  public static List<Schema> versionsOf(String fullName) {
    String simpleName = fullName.substring(fullName.lastIndexOf('.') + 1);
    List<Schema> schemas = new ArrayList<>();
    for (String version : VERSIONS) {
      String resource = "/ballast/schemas/released/" + version + "/" + simpleName + ".avsc";
      try (InputStream in = ReleasedSchemas.class.getResourceAsStream(resource)) {
        if (in != null) {
          schemas.add(
              new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read released schema " + resource, e);
      }
    }
    return schemas;
  }
}
