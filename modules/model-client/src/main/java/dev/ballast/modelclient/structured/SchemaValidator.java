package dev.ballast.modelclient.structured;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Validates JSON against a JSON Schema (draft 2020-12 unless the schema's {@code $schema} names
 * draft 4, 6, 7 or 2019-09), with human-readable errors located by JSON path, e.g. {@code $.age:
 * string found, integer expected}.
 *
 * <p>Schemas come from clients, so nothing outside the schema is ever loaded: a {@code $ref} to a
 * URL, a file or the classpath makes the schema invalid (only the standard meta-schemas, bundled
 * with the library, resolve). {@code pattern} uses {@link java.util.regex}. Compiled schemas are
 * cached by their text (least recently used, bounded).
 *
 * <p>Cost: a cached schema validates a small answer in a few microseconds; compiling a schema takes
 * tens of microseconds.
 *
 * <p>This class is thread-safe; one instance is meant to be shared.
 */
public final class SchemaValidator {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final int MAX_SCHEMA_ERRORS = 5;

  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder
                  .schemaCacheEnabled(false)
                  .schemaRegistryConfig(
                      SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build())
                  .schemaLoader(loader -> loader.block(iri -> !isMetaSchema(iri.toString()))));

  private final Map<SpecificationVersion, Schema> metaSchemas = new LinkedHashMap<>();
  private final Map<String, Schema> cache;

  /**
   * @param cacheSize how many compiled schemas to keep; >= 1
   */
  public SchemaValidator(int cacheSize) {
    if (cacheSize < 1) {
      throw new IllegalArgumentException("cacheSize must be >= 1, was " + cacheSize);
    }
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Schema> eldest) {
            return size() > cacheSize;
          }
        };
  }

  /** A validator caching up to 256 schemas. */
  public static SchemaValidator create() {
    return new SchemaValidator(256);
  }

  /**
   * Checks a schema up front: JSON, an object, valid against its dialect's meta-schema, and every
   * {@code $ref} resolvable inside it.
   *
   * @throws IllegalArgumentException naming what is wrong, starting {@code responseSchema is not a
   *     valid JSON Schema:}
   */
  public void checkSchema(String schema) {
    compiled(schema);
  }

  /**
   * Validates JSON text against a schema.
   *
   * @return the errors, each {@code <JSON path>: <problem>}; empty when valid. JSON that does not
   *     parse gives one error saying so.
   * @throws IllegalArgumentException when the schema is not a valid JSON Schema (see {@link
   *     #checkSchema})
   */
  public List<String> validate(String json, String schema) {
    Objects.requireNonNull(json, "json");
    Schema compiled = compiled(schema);
    JsonNode instance;
    try {
      instance = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return List.of("$: not valid JSON: " + describe(e));
    }
    if (instance == null || instance.isMissingNode()) {
      return List.of("$: not valid JSON: the text is empty");
    }
    List<String> errors = new ArrayList<>();
    for (Error error : compiled.validate(instance)) {
      errors.add(error.toString());
    }
    return errors;
  }

  private Schema compiled(String schema) {
    Objects.requireNonNull(schema, "schema");
    synchronized (cache) {
      Schema cached = cache.get(schema);
      if (cached != null) {
        return cached;
      }
    }
    Schema compiled = compile(schema); // outside the lock: a rare duplicate compile is harmless
    synchronized (cache) {
      cache.put(schema, compiled);
    }
    return compiled;
  }

  private Schema compile(String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw invalid("not JSON: " + describe(e));
    }
    if (node == null || !node.isObject()) {
      throw invalid("a schema must be a JSON object");
    }
    SpecificationVersion version =
        SpecificationVersion.fromSchemaNode(node).orElse(SpecificationVersion.DRAFT_2020_12);
    if (node.has("$schema") && SpecificationVersion.fromSchemaNode(node).isEmpty()) {
      throw invalid("unsupported $schema " + node.get("$schema"));
    }
    List<Error> metaErrors = metaSchema(version).validate(node);
    if (!metaErrors.isEmpty()) {
      List<String> messages = new ArrayList<>();
      for (Error error : metaErrors.subList(0, Math.min(MAX_SCHEMA_ERRORS, metaErrors.size()))) {
        messages.add(error.toString());
      }
      throw invalid(String.join("; ", messages));
    }
    try {
      Schema schema = registry.getSchema(node);
      schema.initializeValidators(); // resolves every $ref now, and makes the schema thread-safe
      return schema;
    } catch (SchemaException e) {
      throw invalid(String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      throw invalid(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private Schema metaSchema(SpecificationVersion version) {
    synchronized (metaSchemas) {
      return metaSchemas.computeIfAbsent(
          version,
          v -> {
            Schema meta = registry.getSchema(SchemaLocation.of(v.getDialectId()));
            meta.initializeValidators();
            return meta;
          });
    }
  }

  private static boolean isMetaSchema(String iri) {
    return iri.startsWith("https://json-schema.org/") || iri.startsWith("http://json-schema.org/");
  }

  private static String describe(JsonProcessingException e) {
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    return e.getOriginalMessage() + where;
  }

  private static IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException("responseSchema is not a valid JSON Schema: " + why);
  }
}
