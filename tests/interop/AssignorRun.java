// Runs the Java client's own assignors on groups read from stdin and prints their answers, for
// tests/interop/check_assignor_java.c. Input, one group after another:
//   group <assignor: range | roundrobin | cooperative-sticky>
//   topic <name> <partitions>
//   member <id> <group.instance.id or -> <generation> <topics a,b or -> <owned t:p,t:p or ->
//   end
// Output per group: one line per member in input order, "<id>[ <topic>-<partition>]..." with
// the partitions sorted by topic then partition, then "end".
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.*;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.internals.AbstractPartitionAssignor;
import org.apache.kafka.common.TopicPartition;

public class AssignorRun {
    private static List<String> list(String s) {
        return s.equals("-") ? new ArrayList<>() : new ArrayList<>(Arrays.asList(s.split(",")));
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        String line, name = null;
        Map<String, Integer> topics = new HashMap<>();
        Map<String, Subscription> subs = new LinkedHashMap<>();
        while ((line = in.readLine()) != null) {
            String[] f = line.trim().split(" ");
            switch (f[0]) {
            case "group":
                name = f[1];
                topics.clear();
                subs.clear();
                break;
            case "topic":
                topics.put(f[1], Integer.parseInt(f[2]));
                break;
            case "member": {
                List<TopicPartition> owned = new ArrayList<>();
                for (String tp : list(f[5])) {
                    int c = tp.lastIndexOf(':');
                    owned.add(new TopicPartition(tp.substring(0, c), Integer.parseInt(tp.substring(c + 1))));
                }
                Subscription s = new Subscription(list(f[4]), null, owned, Integer.parseInt(f[3]), Optional.empty());
                s.setGroupInstanceId(f[2].equals("-") ? Optional.empty() : Optional.of(f[2]));
                subs.put(f[1], s);
                break;
            }
            case "end": {
                AbstractPartitionAssignor a = name.equals("range") ? new RangeAssignor()
                    : name.equals("roundrobin") ? new RoundRobinAssignor() : new CooperativeStickyAssignor();
                // As the consumer's leader does: only subscribed topics that have partitions.
                Map<String, Integer> known = new HashMap<>();
                for (Subscription s : subs.values())
                    for (String t : s.topics())
                        if (topics.getOrDefault(t, 0) > 0)
                            known.put(t, topics.get(t));
                Map<String, List<TopicPartition>> result = a.assign(known, subs);
                for (String member : subs.keySet()) {
                    List<TopicPartition> got = new ArrayList<>(result.getOrDefault(member, new ArrayList<>()));
                    got.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
                    out.append(member);
                    for (TopicPartition tp : got)
                        out.append(' ').append(tp.topic()).append('-').append(tp.partition());
                    out.append('\n');
                }
                out.append("end\n");
                break;
            }
            default:
                break;
            }
        }
        System.out.print(out);
    }
}
