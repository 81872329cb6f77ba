package dev.plainlance.graph.schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Builds random valid {@link GraphSchema}s covering every type, annotation and declaration form. */
final class RandomSchemas {
    private static final String[] REGEXES = {"[A-Z]{3}-[0-9]+", "\\d+", "a\"b", "\\\\", ".*", "(x|y)?"};

    private final Random random;

    RandomSchemas(Random random) {
        this.random = random;
    }

    GraphSchema schema() {
        List<InterfaceType> interfaces = new ArrayList<>();
        for (int i = 0, n = random.nextInt(3); i < n; i++) {
            interfaces.add(interfaceType(i));
        }
        List<NodeType> nodes = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            nodes.add(nodeType(i, interfaces));
        }
        List<EdgeType> edges = new ArrayList<>();
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
            edges.add(edgeType(i, nodes));
        }
        return new GraphSchema(interfaces, nodes, edges);
    }

    private InterfaceType interfaceType(int index) {
        List<Property> props = properties("i" + index + "_", 1 + random.nextInt(3));
        List<String> key = key(props, 1);
        return new InterfaceType(
                "I" + index + word(), props, key, tuples(props, List.of(), 1), tuples(props, List.of(), 1));
    }

    private NodeType nodeType(int index, List<InterfaceType> interfaces) {
        List<Property> props = properties("p", random.nextInt(5));
        List<String> implemented = new ArrayList<>();
        for (InterfaceType i : interfaces) {
            if (random.nextBoolean()) {
                implemented.add(i.name());
                props.addAll(i.properties());
            }
        }
        return new NodeType(
                "N" + index + word(),
                implemented,
                props,
                key(props, 2),
                tuples(props, List.of(), 2),
                tuples(props, List.of(), 2),
                maybeName());
    }

    private EdgeType edgeType(int index, List<NodeType> nodes) {
        List<Property> props = properties("e", random.nextInt(3));
        Cardinality card = Cardinality.DEFAULT;
        if (random.nextBoolean()) {
            long min = random.nextInt(3);
            card = new Cardinality(min, random.nextBoolean() ? null : min + random.nextInt(3));
        }
        return new EdgeType(
                "E" + index + word(),
                nodes.get(random.nextInt(nodes.size())).name(),
                nodes.get(random.nextInt(nodes.size())).name(),
                card,
                props,
                tuples(props, List.of("src", "dst"), 2),
                tuples(props, List.of("src", "dst"), 2),
                maybeName());
    }

    private List<Property> properties(String prefix, int count) {
        List<Property> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PropertyType type = type();
            boolean numeric = type instanceof PropertyType.Scalar s && s.kind().isNumeric();
            boolean string = type instanceof PropertyType.Scalar s && s.kind() == ScalarKind.STRING;
            out.add(new Property(
                    prefix + i + (random.nextBoolean() ? "" : "_" + word().toLowerCase()),
                    type,
                    random.nextBoolean(),
                    numeric && random.nextBoolean() ? range() : null,
                    string && random.nextBoolean() ? REGEXES[random.nextInt(REGEXES.length)] : null,
                    maybeName()));
        }
        return out;
    }

    private PropertyType type() {
        ScalarKind[] kinds = ScalarKind.values();
        return switch (random.nextInt(6)) {
            case 0 -> new PropertyType.Vector(1 + random.nextInt(2048));
            case 1 -> {
                ScalarKind k;
                do {
                    k = kinds[random.nextInt(kinds.length)];
                } while (k == ScalarKind.BLOB);
                yield new PropertyType.ListOf(k);
            }
            case 2 -> {
                Set<String> values = new LinkedHashSet<>();
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    values.add(word().toLowerCase() + (random.nextBoolean() ? "" : "-" + word()) + i);
                }
                yield new PropertyType.Enum(new ArrayList<>(values));
            }
            default -> new PropertyType.Scalar(kinds[random.nextInt(kinds.length)]);
        };
    }

    private Range range() {
        BigDecimal a = number();
        BigDecimal b = number();
        BigDecimal min = a.min(b);
        BigDecimal max = a.max(b);
        return switch (random.nextInt(3)) {
            case 0 -> new Range(min, null);
            case 1 -> new Range(null, max);
            default -> new Range(min, max);
        };
    }

    private BigDecimal number() {
        return BigDecimal.valueOf(random.nextInt(20001) - 10000, random.nextInt(3));
    }

    /** A key of up to {@code max} required keyable properties. */
    private List<String> key(List<Property> props, int max) {
        List<String> candidates = props.stream()
                .filter(p -> !p.nullable()
                        && (p.type() instanceof PropertyType.Enum
                                || (p.type() instanceof PropertyType.Scalar s && s.kind() != ScalarKind.BLOB)))
                .map(Property::name)
                .toList();
        List<String> key = new ArrayList<>();
        for (String c : candidates) {
            if (key.size() < max && random.nextInt(3) == 0) {
                key.add(c);
            }
        }
        return key;
    }

    /** Up to two tuples of at most {@code width} properties (interfaces allow single ones only). */
    private List<List<String>> tuples(List<Property> props, List<String> extra, int width) {
        List<String> names = new ArrayList<>(extra);
        props.stream()
                .filter(p -> !(p.type() instanceof PropertyType.Scalar s && s.kind() == ScalarKind.BLOB))
                .forEach(p -> names.add(p.name()));
        List<List<String>> out = new ArrayList<>();
        for (int i = 0, n = names.isEmpty() ? 0 : random.nextInt(3); i < n; i++) {
            String a = names.get(random.nextInt(names.size()));
            String b = names.get(random.nextInt(names.size()));
            out.add(width == 1 || a.equals(b) || random.nextBoolean() ? List.of(a) : List.of(a, b));
        }
        return out;
    }

    private String maybeName() {
        return random.nextInt(4) == 0 ? "Old" + word() : null;
    }

    private String word() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }
}
