package dev.ballast.testkit;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Checks a picocli command's help text the way picocli renders it: every description, header,
 * footer, heading and version line goes through {@link String#format(String, Object...)}, so a bare
 * {@code %} (as in {@code "30 % 429s"}) makes picocli print a warning and show the line with {@code
 * %n} unreplaced.
 */
public final class UsageText {

  private UsageText() {}

  /**
   * The lines of {@code cli} and of all its subcommands that picocli cannot format, each as {@code
   * "<command>: <line>: <error>"}; empty when every line formats. Never null.
   */
  public static List<String> formatProblems(CommandLine cli) {
    List<String> problems = new ArrayList<>();
    collect(cli.getCommandSpec(), problems);
    return problems;
  }

  private static void collect(CommandSpec spec, List<String> problems) {
    CommandLine.Model.UsageMessageSpec usage = spec.usageMessage();
    List<String> lines = new ArrayList<>();
    lines.addAll(List.of(usage.description()));
    lines.addAll(List.of(usage.header()));
    lines.addAll(List.of(usage.footer()));
    lines.addAll(List.of(spec.version()));
    lines.addAll(
        List.of(
            usage.headerHeading(),
            usage.synopsisHeading(),
            usage.descriptionHeading(),
            usage.parameterListHeading(),
            usage.optionListHeading(),
            usage.commandListHeading(),
            usage.footerHeading()));
    for (ArgSpec arg : spec.args()) {
      lines.addAll(List.of(arg.description()));
    }
    for (String line : lines) {
      try {
        String.format(line);
      } catch (IllegalFormatException e) {
        problems.add(spec.qualifiedName() + ": " + line + ": " + e);
      }
    }
    for (CommandLine sub : spec.subcommands().values()) {
      collect(sub.getCommandSpec(), problems);
    }
  }
}
