package dev.ballast.cli;

import dev.ballast.pipeline.ConfigDocs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code ballast config}: the configuration reference. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the reference of every configuration key (name, default, what it does) as a"
          + " Markdown table. Validate a file with 'ballast run --config FILE --check'."
    })
public final class ConfigCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(ConfigDocs.markdownTable());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
