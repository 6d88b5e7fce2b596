package dev.ballast.bench.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * The size on the broker's disk of an application's ledger changelog topics ({@code
 * <application.id>-...ledger...-changelog}), from {@code Admin.describeLogDirs}. Used by one
 * thread.
 */
final class ChangelogSize implements AutoCloseable {

  private final Admin admin;
  private final String applicationId;

  ChangelogSize(String bootstrap, String applicationId) {
    this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
    this.applicationId = applicationId;
  }

  /** Bytes of every partition of the ledger changelogs over all log directories; -1 on error. */
  long bytes() {
    try {
      Collection<Node> nodes = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
      List<Integer> ids = nodes.stream().map(Node::id).toList();
      long sum = 0;
      for (Map<String, LogDirDescription> dirs :
          admin.describeLogDirs(ids).allDescriptions().get(10, TimeUnit.SECONDS).values()) {
        for (LogDirDescription dir : dirs.values()) {
          for (Map.Entry<TopicPartition, ReplicaInfo> e : dir.replicaInfos().entrySet()) {
            if (isLedgerChangelog(e.getKey().topic(), applicationId)) {
              sum += e.getValue().size();
            }
          }
        }
      }
      return sum;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return -1;
    }
  }

  static boolean isLedgerChangelog(String topic, String applicationId) {
    return topic.startsWith(applicationId + "-")
        && topic.endsWith("-changelog")
        && topic.contains("ledger");
  }

  @Override
  public void close() {
    admin.close();
  }
}
