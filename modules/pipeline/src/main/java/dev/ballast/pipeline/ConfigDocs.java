package dev.ballast.pipeline;

/** Renders the configuration reference from {@link ConfigKeys}, for the README and the CLI. */
public final class ConfigDocs {

  private ConfigDocs() {}

  /** A Markdown table of every flat key: name, default and documentation. */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder();
    b.append("| key | default | what it does |\n");
    b.append("|---|---|---|\n");
    for (ConfigKey key : ConfigKeys.all().values()) {
      String def;
      if (key.required()) {
        def = "(required)";
      } else if (key.name().equals(ConfigKeys.STATE_DIR)) {
        def = "`<tmp>/ballast-streams`";
      } else {
        def = "`" + ConfigKey.render(key.defaultValue()) + "`";
      }
      b.append("| `")
          .append(key.name())
          .append("` | ")
          .append(def)
          .append(" | ")
          .append(key.doc().replace("|", "\\|"))
          .append(
              key.choices().isEmpty() ? "" : " One of: " + String.join(", ", key.choices()) + ".")
          .append(" |\n");
    }
    return b.toString();
  }
}
