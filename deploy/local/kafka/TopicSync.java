// Reconciles Kafka topics with deploy/kafka/topics.txt in ONE JVM (one TopicCommand JVM per
// topic and per config change costs ~2-3 s each on a 2-core box).
// Run with the Kafka libs on the classpath, via the Java source launcher (no build step):
//   java -cp "$KAFKA_HOME/libs/*" TopicSync.java ping  <bootstrap> <timeoutSec>
//   java -cp "$KAFKA_HOME/libs/*" TopicSync.java sync  <bootstrap> <topics.txt>
// Creates missing topics, re-applies retention.ms / cleanup.policy to existing ones and
// grows partition counts (Kafka cannot shrink them: that is reported, not fatal).
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.config.ConfigResource;

public class TopicSync {
  record Spec(String name, int partitions, String retentionMs, String cleanupPolicy) {}

  static Admin admin(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    return Admin.create(p);
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0], bootstrap = args[1];
    try (Admin a = admin(bootstrap)) {
      if (mode.equals("ping")) { ping(a, Integer.parseInt(args[2])); return; }
      ping(a, 30);
      sync(a, parse(Path.of(args[2])));
    }
  }

  // A real metadata round-trip: describeCluster answers only once the broker is serving.
  static void ping(Admin a, int timeoutSec) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSec);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        var nodes = a.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        if (!nodes.isEmpty()) { System.out.println("kafka ok: " + nodes.size() + " broker(s)"); return; }
      } catch (Exception e) { last = e; }
      Thread.sleep(500);
    }
    throw new IllegalStateException("broker did not answer a metadata request in " + timeoutSec + "s", last);
  }

  static List<Spec> parse(Path file) throws Exception {
    List<Spec> out = new ArrayList<>();
    int n = 0;
    for (String raw : Files.readAllLines(file)) {
      n++;
      String line = raw.replaceAll("#.*", "").trim();
      if (line.isEmpty()) continue;
      String[] f = line.split("\\s+");
      if (f.length != 4) throw new IllegalArgumentException(file + ":" + n + ": expected 'name partitions retention.ms cleanup.policy', got: " + raw);
      out.add(new Spec(f[0], Integer.parseInt(f[1]), f[2], f[3]));
    }
    return out;
  }

  static void sync(Admin a, List<Spec> specs) throws Exception {
    Set<String> existing = a.listTopics().names().get();
    List<NewTopic> create = new ArrayList<>();
    Map<ConfigResource, Collection<AlterConfigOp>> alter = new HashMap<>();
    Map<String, NewPartitions> grow = new HashMap<>();
    List<String> toDescribe = new ArrayList<>();
    for (Spec s : specs) {
      if (!existing.contains(s.name())) {
        create.add(new NewTopic(s.name(), s.partitions(), (short) 1)
            .configs(Map.of("retention.ms", s.retentionMs(), "cleanup.policy", s.cleanupPolicy())));
      } else {
        toDescribe.add(s.name());
        alter.put(new ConfigResource(ConfigResource.Type.TOPIC, s.name()), List.of(
            new AlterConfigOp(new org.apache.kafka.clients.admin.ConfigEntry("retention.ms", s.retentionMs()), AlterConfigOp.OpType.SET),
            new AlterConfigOp(new org.apache.kafka.clients.admin.ConfigEntry("cleanup.policy", s.cleanupPolicy()), AlterConfigOp.OpType.SET)));
      }
    }
    if (!create.isEmpty()) {
      a.createTopics(create).all().get();
      for (NewTopic t : create) System.out.println("created " + t.name() + " (" + t.numPartitions() + " partitions)");
    }
    if (!toDescribe.isEmpty()) {
      var desc = a.describeTopics(toDescribe).allTopicNames().get();
      for (Spec s : specs) {
        var d = desc.get(s.name());
        if (d == null) continue;
        int have = d.partitions().size();
        if (s.partitions() > have) grow.put(s.name(), NewPartitions.increaseTo(s.partitions()));
        else if (s.partitions() < have)
          System.err.println("WARN " + s.name() + ": has " + have + " partitions, list says " + s.partitions() + " (Kafka cannot shrink; delete the topic to recreate)");
      }
      if (!grow.isEmpty()) { a.createPartitions(grow).all().get(); grow.forEach((k, v) -> System.out.println("grew " + k + " to " + v.totalCount() + " partitions")); }
      a.incrementalAlterConfigs(alter).all().get();
      System.out.println("configs applied to " + alter.size() + " existing topic(s)");
    }
    System.out.println("topics in sync: " + specs.size());
  }
}
