package dev.plainlance.graph.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A checked {@code .pg} schema: immutable, compared by value. Types keep the order they were declared in. Build one
 * with {@link SchemaParser#parse}.
 */
public record GraphSchema(List<InterfaceType> interfaces, List<NodeType> nodes, List<EdgeType> edges) {

    public GraphSchema {
        interfaces = List.copyOf(interfaces);
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public Optional<NodeType> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<EdgeType> edge(String name) {
        return edges.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Optional<InterfaceType> interfaceType(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /**
     * The canonical {@code .pg} text of this schema: one declaration per block, four-space indents, every property
     * of a node written out (interface properties included), single-property constraints as property annotations,
     * composite ones as body constraints. {@code SchemaParser.parse(s.toSource(), f)} equals {@code s}.
     */
    public String toSource() {
        return SchemaPrinter.print(this);
    }

    /**
     * A stable identity of this schema version: the lowercase hex SHA-256 of the UTF-8 bytes of {@link #toSource()}.
     * Equal schemas have equal hashes whatever their source formatting.
     */
    public String contentHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(toSource().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
