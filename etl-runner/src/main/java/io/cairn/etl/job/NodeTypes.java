package io.cairn.etl.job;

import static java.util.Objects.requireNonNull;

import io.cairn.etl.Transform;
import io.cairn.etl.io.CatalogSource;
import io.cairn.etl.io.CatalogTarget;
import io.cairn.etl.io.FileSource;
import io.cairn.etl.io.FileTarget;
import io.cairn.etl.io.IcebergSource;
import io.cairn.etl.io.IcebergTarget;
import io.cairn.etl.io.JdbcSource;
import io.cairn.etl.io.Source;
import io.cairn.etl.io.Target;
import io.cairn.etl.transforms.CustomTransforms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Every node type a job may use: the runner's sources and targets, and the transforms found on the
 * class path through {@link ServiceLoader}.
 */
public final class NodeTypes {
  private final Map<String, Source> sources;
  private final Map<String, Target> targets;
  private final Map<String, Transform> transforms;

  public NodeTypes(List<Source> sources, List<Target> targets, List<Transform> transforms) {
    this.sources = byType(sources, Source::type);
    this.targets = byType(targets, Target::type);
    this.transforms = byType(transforms, Transform::type);
    List<String> all = new ArrayList<>(this.sources.keySet());
    all.addAll(this.targets.keySet());
    all.addAll(this.transforms.keySet());
    if (all.size() != all.stream().distinct().count()) {
      throw new IllegalArgumentException("a node type is both a source, a target or a transform");
    }
  }

  /** The built-in sources and targets, and the transforms {@code classLoader} finds. */
  public static NodeTypes load(ClassLoader classLoader) {
    return load(classLoader, List.of());
  }

  /**
   * As {@link #load(ClassLoader)}, plus the custom transforms (manifest and jar) in {@code
   * customTransformsFolder}.
   */
  public static NodeTypes load(ClassLoader classLoader, Path customTransformsFolder) {
    return load(classLoader, CustomTransforms.load(customTransformsFolder, classLoader));
  }

  private static NodeTypes load(ClassLoader classLoader, List<Transform> custom) {
    List<Source> sources = new ArrayList<>();
    sources.addAll(FileSource.all());
    sources.addAll(CatalogSource.all());
    sources.add(new IcebergSource());
    sources.add(new JdbcSource());
    List<Target> targets = new ArrayList<>();
    targets.addAll(FileTarget.all());
    targets.addAll(CatalogTarget.all());
    targets.add(new IcebergTarget());
    List<Transform> transforms = new ArrayList<>();
    ServiceLoader.load(Transform.class, classLoader).forEach(transforms::add);
    transforms.addAll(custom);
    return new NodeTypes(sources, targets, transforms);
  }

  public Optional<Source> source(String type) {
    return Optional.ofNullable(sources.get(type));
  }

  public Optional<Target> target(String type) {
    return Optional.ofNullable(targets.get(type));
  }

  public Optional<Transform> transform(String type) {
    return Optional.ofNullable(transforms.get(type));
  }

  private static <T> Map<String, T> byType(List<T> nodes, Function<T, String> type) {
    Map<String, T> byType = new HashMap<>();
    for (T node : requireNonNull(nodes, "nodes is null")) {
      T previous = byType.put(type.apply(node), node);
      if (previous != null) {
        throw new IllegalArgumentException(
            "node type "
                + type.apply(node)
                + " is served by both "
                + previous.getClass().getName()
                + " and "
                + node.getClass().getName());
      }
    }
    return Map.copyOf(byType);
  }
}
