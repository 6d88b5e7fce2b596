package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.BreakerListener;
import dev.ballast.modelclient.gateway.ModelGateway;
import dev.ballast.pipeline.PipelineMetrics;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes read-only attributes as JMX MBeans under {@code dev.ballast}, next to Kafka Streams'
 * own {@code kafka.streams} metrics, so the usual JMX exporters pick them up. Thread-safe.
 */
public final class Jmx implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Jmx.class);

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final List<ObjectName> registered = new ArrayList<>();

  /**
   * Publishes an instance's counters, its window, and each endpoint's breaker under {@code
   * dev.ballast:type=Pipeline|CircuitBreaker}.
   */
  public static Jmx publish(
      String name,
      PipelineMetrics metrics,
      InFlightWindow window,
      ModelGateway gateway,
      BreakerEvents events) {
    Jmx jmx = new Jmx();
    Map<String, Supplier<Object>> attributes = new LinkedHashMap<>();
    metrics.counters().forEach((counter, value) -> attributes.put(counter, value::sum));
    attributes.put("InFlight", () -> (long) window.inFlight());
    attributes.put("WindowSize", () -> (long) window.size());
    jmx.register("Pipeline", name, attributes);
    for (String id : gateway.breakerStates().keySet()) {
      Supplier<BreakerListener.State> state = () -> gateway.breakerStates().get(id);
      jmx.register(
          "CircuitBreaker",
          id,
          Map.of(
              "State", () -> state.get().name(),
              "Open", () -> state.get() == BreakerListener.State.OPEN ? 1L : 0L,
              "Opened", () -> events.openings(id)));
    }
    return jmx;
  }

  /**
   * Registers {@code attributes} (name to value supplier) under {@code dev.ballast:type=<type>,
   * name=<name>}; a name already taken (a second instance in the same JVM) gets a suffix.
   */
  public synchronized void register(
      String type, String name, Map<String, Supplier<Object>> attributes) {
    DynamicMBean bean = new Bean(type, attributes);
    for (int n = 0; n < 100; n++) {
      try {
        ObjectName on =
            new ObjectName(
                "dev.ballast:type="
                    + type
                    + ",name="
                    + ObjectName.quote(n == 0 ? name : name + "#" + n));
        server.registerMBean(bean, on);
        registered.add(on);
        return;
      } catch (InstanceAlreadyExistsException taken) {
        // try the next suffix
      } catch (JMException e) {
        log.warn("Cannot publish {} {} over JMX: {}", type, name, e.getMessage());
        return;
      }
    }
  }

  @Override
  public synchronized void close() {
    for (ObjectName on : registered) {
      try {
        server.unregisterMBean(on);
      } catch (JMException ignored) {
        // already gone
      }
    }
    registered.clear();
  }

  private record Bean(String type, Map<String, Supplier<Object>> attributes)
      implements DynamicMBean {
    @Override
    public Object getAttribute(String attribute) {
      Supplier<Object> s = attributes.get(attribute);
      return s == null ? null : s.get();
    }

    @Override
    public void setAttribute(Attribute attribute) {
      throw new UnsupportedOperationException("read-only");
    }

    @Override
    public AttributeList getAttributes(String[] names) {
      AttributeList list = new AttributeList();
      for (String n : names) {
        list.add(new Attribute(n, getAttribute(n)));
      }
      return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
      return new AttributeList();
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature) {
      throw new UnsupportedOperationException("no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
      List<MBeanAttributeInfo> infos = new ArrayList<>();
      attributes.forEach(
          (name, s) -> {
            Object v = s.get();
            String t = v instanceof Long ? "java.lang.Long" : "java.lang.String";
            infos.add(new MBeanAttributeInfo(name, t, name, true, false, false));
          });
      return new MBeanInfo(
          Bean.class.getName(),
          "Ballast " + type,
          infos.toArray(new MBeanAttributeInfo[0]),
          null,
          null,
          null);
    }
  }
}
