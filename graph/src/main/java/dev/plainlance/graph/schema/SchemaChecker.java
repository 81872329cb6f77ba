package dev.plainlance.graph.schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks a parse tree and builds the {@link GraphSchema}; every problem is reported, not just the first. */
final class SchemaChecker {
    /** {@code id} on every table, and the Lance virtual columns, which Omnigraph reserves too. */
    private static final Set<String> RESERVED =
            Set.of("id", "_rowid", "_rowaddr", "_rowoffset", "_row_created_at_version", "_row_last_updated_at_version");

    private static final Set<String> EDGE_RESERVED = Set.of("src", "dst");

    private final Diagnostics diagnostics;
    private final Map<String, InterfaceType> interfaces = new HashMap<>();

    private SchemaChecker(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    static GraphSchema check(List<Raw.Decl> decls, Diagnostics diagnostics) {
        return new SchemaChecker(diagnostics).run(decls);
    }

    private GraphSchema run(List<Raw.Decl> decls) {
        Map<String, Raw.Decl> byName = new HashMap<>();
        List<Raw.Decl> unique = new ArrayList<>();
        for (Raw.Decl d : decls) {
            Raw.Decl earlier = byName.putIfAbsent(d.name().text(), d);
            if (earlier != null) {
                error(
                        d.name().pos(),
                        "duplicate-type",
                        "type '" + d.name().text() + "' is already declared at line "
                                + earlier.name().pos().line());
            } else {
                unique.add(d);
            }
        }
        List<InterfaceType> interfaceList = new ArrayList<>();
        List<NodeType> nodes = new ArrayList<>();
        List<EdgeType> edges = new ArrayList<>();
        for (Raw.Decl d : unique) {
            if (d.kind() == Raw.DeclKind.INTERFACE) {
                InterfaceType i = interfaceType(d);
                interfaces.put(i.name(), i);
                interfaceList.add(i);
            }
        }
        for (Raw.Decl d : unique) {
            if (d.kind() == Raw.DeclKind.NODE) {
                nodes.add(nodeType(d));
            }
        }
        for (Raw.Decl d : unique) {
            if (d.kind() == Raw.DeclKind.EDGE) {
                edges.add(edgeType(d, byName));
            }
        }
        diagnostics.throwIfAny();
        return new GraphSchema(interfaceList, nodes, edges);
    }

    private InterfaceType interfaceType(Raw.Decl d) {
        Members m = members(d, "interface " + d.name().text());
        for (Raw.Annotation a : d.bodyConstraints()) {
            error(a.pos(), "annotation-misplaced", "an interface takes constraints only as property annotations");
        }
        return new InterfaceType(d.name().text(), m.properties(), m.key(), m.uniques, m.indexes);
    }

    private NodeType nodeType(Raw.Decl d) {
        String owner = "node " + d.name().text();
        Members m = members(d, owner);
        List<String> implemented = new ArrayList<>();
        for (Raw.Name iname : d.interfaces()) {
            InterfaceType iface = interfaces.get(iname.text());
            if (iface == null) {
                error(iname.pos(), "unknown-interface", owner + " implements unknown interface '" + iname.text() + "'");
                continue;
            }
            implemented.add(iface.name());
            inherit(m, iface, iname, owner);
        }
        bodyConstraints(d, m, owner, true);
        String renameFrom = typeAnnotations(d, owner, false).renameFrom;
        return new NodeType(d.name().text(), implemented, m.properties(), m.key(), m.uniques, m.indexes, renameFrom);
    }

    /** Adds the interface's properties the node does not declare; a declared one must have the same type. */
    private void inherit(Members m, InterfaceType iface, Raw.Name iname, String owner) {
        for (Property p : iface.properties()) {
            Property own = m.properties.get(p.name());
            if (own == null) {
                m.properties.put(p.name(), p);
                if (iface.key().equals(List.of(p.name()))) {
                    m.setKey(List.of(p.name()), iname.pos(), owner);
                }
                iface.uniques().stream()
                        .filter(t -> t.equals(List.of(p.name())))
                        .forEach(m.uniques::add);
                iface.indexes().stream()
                        .filter(t -> t.equals(List.of(p.name())))
                        .forEach(m.indexes::add);
            } else if (own.type() != null && (!own.type().equals(p.type()) || own.nullable() != p.nullable())) {
                error(
                        m.positions.get(p.name()),
                        "interface-mismatch",
                        owner + " declares '" + p.name() + "' as " + own.typeSource() + " but interface " + iface.name()
                                + " declares it as " + p.typeSource());
            }
        }
    }

    private EdgeType edgeType(Raw.Decl d, Map<String, Raw.Decl> byName) {
        String owner = "edge " + d.name().text();
        for (Raw.Name endpoint : List.of(d.from(), d.to())) {
            Raw.Decl target = byName.get(endpoint.text());
            if (target == null || target.kind() != Raw.DeclKind.NODE) {
                error(
                        endpoint.pos(),
                        "unknown-endpoint",
                        owner + " connects unknown node type '" + endpoint.text() + "'");
            }
        }
        Members m = members(d, owner);
        bodyConstraints(d, m, owner, false);
        TypeAnnotations t = typeAnnotations(d, owner, true);
        return new EdgeType(
                d.name().text(),
                d.from().text(),
                d.to().text(),
                t.cardinality,
                m.properties(),
                m.uniques,
                m.indexes,
                t.renameFrom);
    }

    /** Properties of a declaration with their property-level annotations. */
    private Members members(Raw.Decl d, String owner) {
        Members m = new Members(d.kind() == Raw.DeclKind.EDGE);
        for (Raw.Property rp : d.properties()) {
            String name = rp.name().text();
            if (m.positions.containsKey(name)) {
                error(
                        rp.name().pos(),
                        "duplicate-property",
                        owner + " declares property '" + name + "' twice (first at line "
                                + m.positions.get(name).line() + ")");
                continue;
            }
            m.positions.put(name, rp.name().pos());
            if (RESERVED.contains(name) || (m.edge && EDGE_RESERVED.contains(name))) {
                error(
                        rp.name().pos(),
                        "reserved-name",
                        "'" + name + "' is reserved for a column plainlance stores itself and cannot be a property of "
                                + owner);
            }
            m.properties.put(name, propertyAnnotations(rp, m, owner));
        }
        return m;
    }

    private Property propertyAnnotations(Raw.Property rp, Members m, String owner) {
        String name = rp.name().text();
        String what = "property " + owner.substring(owner.indexOf(' ') + 1) + "." + name;
        Range range = null;
        String check = null;
        String renameFrom = null;
        Set<String> seen = new HashSet<>();
        for (Raw.Annotation a : rp.annotations()) {
            if (!seen.add(a.name())) {
                error(a.pos(), "duplicate-annotation", what + " has @" + a.name() + " twice");
                continue;
            }
            switch (a.name()) {
                case "key" -> {
                    if (m.edge) {
                        error(a.pos(), "annotation-misplaced", "@key applies to node types; edges have no key");
                    } else if (keyable(rp, a.pos(), what)) {
                        m.setKey(List.of(name), a.pos(), owner);
                    }
                }
                case "unique", "index" -> {
                    if (rp.type() instanceof PropertyType.Scalar s && s.kind() == ScalarKind.BLOB) {
                        error(a.pos(), "blob-constraint", "@" + a.name() + " is not supported on Blob " + what);
                    } else {
                        (a.name().equals("unique") ? m.uniques : m.indexes).add(List.of(name));
                    }
                }
                case "range" -> range = range(a, a.args(), rp, what);
                case "check" -> check = check(a, a.args(), rp, what);
                case "rename_from" -> renameFrom = renameFrom(a, what);
                case "card" -> error(a.pos(), "card-not-on-edge", "@card applies to edge types only, not to " + what);
                default -> error(a.pos(), "unknown-annotation", "unknown annotation @" + a.name() + " on " + what);
            }
        }
        return new Property(name, rp.type(), rp.nullable(), range, check, renameFrom);
    }

    /** Body constraints: {@code @key(..)}, {@code @unique(..)}, {@code @index(..)}, {@code @range(p, ..)}, ... */
    private void bodyConstraints(Raw.Decl d, Members m, String owner, boolean node) {
        for (Raw.Annotation a : d.bodyConstraints()) {
            if (!a.name().equals("card") && !SchemaParser.isBodyConstraint(a)) {
                error(
                        a.pos(),
                        "annotation-misplaced",
                        "@" + a.name() + " must follow a property, or name the" + " properties it applies to, in "
                                + owner);
                continue;
            }
            switch (a.name()) {
                case "key", "unique", "index" -> {
                    List<String> tuple = tuple(a, m, owner);
                    if (tuple == null) {
                        continue;
                    }
                    if (a.name().equals("key")) {
                        if (!node) {
                            error(a.pos(), "annotation-misplaced", "@key applies to node types; edges have no key");
                        } else if (tuple.stream().allMatch(p -> keyable(m.raw(d, p), a.pos(), owner + "." + p))) {
                            m.setKey(tuple, a.pos(), owner);
                        }
                    } else if (tuple.stream().anyMatch(p -> m.isBlob(p))) {
                        error(
                                a.pos(),
                                "blob-constraint",
                                "@" + a.name() + " is not supported on Blob properties of " + owner);
                    } else {
                        (a.name().equals("unique") ? m.uniques : m.indexes).add(tuple);
                    }
                }
                case "range", "check" -> propertyConstraint(d, m, a, owner);
                case "card" ->
                    error(
                            a.pos(),
                            node ? "card-not-on-edge" : "annotation-misplaced",
                            node
                                    ? "@card applies to edge types only, not to " + owner
                                    : "@card goes after the edge's endpoints, before '{'");
                default ->
                    error(
                            a.pos(),
                            "annotation-misplaced",
                            "@" + a.name() + " must follow a property (or is not a body constraint) in " + owner);
            }
        }
    }

    /** {@code @range(p, min..max)} or {@code @check(p, "regex")} written in the body. */
    private void propertyConstraint(Raw.Decl d, Members m, Raw.Annotation a, String owner) {
        String name = ((Raw.WordArg) a.args().get(0)).text();
        Property p = m.properties.get(name);
        if (p == null) {
            error(
                    a.args().get(0).pos(),
                    "unknown-property",
                    "@" + a.name() + " names unknown property '" + name + "' of " + owner);
            return;
        }
        Raw.Property rp = m.raw(d, name);
        String what = "property " + owner.substring(owner.indexOf(' ') + 1) + "." + name;
        List<Raw.Arg> rest = a.args().subList(1, a.args().size());
        if (a.name().equals("range")) {
            if (p.range() != null) {
                error(a.pos(), "duplicate-annotation", what + " has @range twice");
            }
            Range r = range(a, rest, rp, what);
            m.properties.put(name, new Property(name, p.type(), p.nullable(), r, p.check(), p.renameFrom()));
        } else {
            if (p.check() != null) {
                error(a.pos(), "duplicate-annotation", what + " has @check twice");
            }
            String c = check(a, rest, rp, what);
            m.properties.put(name, new Property(name, p.type(), p.nullable(), p.range(), c, p.renameFrom()));
        }
    }

    private List<String> tuple(Raw.Annotation a, Members m, String owner) {
        List<String> tuple = new ArrayList<>();
        for (Raw.Arg arg : a.args()) {
            if (!(arg instanceof Raw.WordArg w)) {
                error(arg.pos(), "bad-annotation", "@" + a.name() + " takes property names");
                return null;
            }
            boolean endpoint = m.edge && !a.name().equals("key") && EDGE_RESERVED.contains(w.text());
            if (!endpoint && !m.properties.containsKey(w.text())) {
                error(
                        w.pos(),
                        "unknown-property",
                        "@" + a.name() + " names unknown property '" + w.text() + "' of " + owner);
                return null;
            }
            if (tuple.contains(w.text())) {
                error(w.pos(), "bad-annotation", "@" + a.name() + " names '" + w.text() + "' twice");
                return null;
            }
            tuple.add(w.text());
        }
        return tuple;
    }

    /** A key property must be non-nullable and of a scalar type its value can be spelled from (not Blob). */
    private boolean keyable(Raw.Property rp, Pos pos, String what) {
        if (rp == null || rp.type() == null) {
            return false;
        }
        if (rp.nullable()) {
            error(pos, "key-nullable", "@key " + what + " is nullable; key properties must be required");
            return false;
        }
        boolean scalar = rp.type() instanceof PropertyType.Enum
                || (rp.type() instanceof PropertyType.Scalar s && s.kind() != ScalarKind.BLOB);
        if (!scalar) {
            error(
                    pos,
                    "key-type",
                    "@key " + what + " has type " + rp.type().toSource()
                            + "; keys must be String, Bool, integer, float, Date, DateTime or enum");
            return false;
        }
        return true;
    }

    private Range range(Raw.Annotation a, List<Raw.Arg> args, Raw.Property rp, String what) {
        if (args.size() != 1 || !(args.get(0) instanceof Raw.RangeArg r) || (r.min() == null && r.max() == null)) {
            error(a.pos(), "bad-annotation", "@range takes one range, e.g. @range(0..100) or @range(0..)");
            return null;
        }
        boolean numeric = rp.type() instanceof PropertyType.Scalar s && s.kind().isNumeric();
        if (rp.type() != null && !numeric) {
            error(
                    a.pos(),
                    "range-type",
                    "@range needs a numeric property; " + what + " is "
                            + rp.type().toSource());
            return null;
        }
        BigDecimal min = r.min() == null ? null : new BigDecimal(r.min());
        BigDecimal max = r.max() == null ? null : new BigDecimal(r.max());
        if (min != null && max != null && min.compareTo(max) > 0) {
            error(r.pos(), "range-bounds", "@range minimum " + r.min() + " is greater than maximum " + r.max());
            return null;
        }
        return new Range(min, max);
    }

    private String check(Raw.Annotation a, List<Raw.Arg> args, Raw.Property rp, String what) {
        if (args.size() != 1 || !(args.get(0) instanceof Raw.StringArg s)) {
            error(a.pos(), "bad-annotation", "@check takes one string, a regular expression");
            return null;
        }
        boolean string = rp.type() instanceof PropertyType.Scalar sc && sc.kind() == ScalarKind.STRING;
        if (rp.type() != null && !string) {
            error(
                    a.pos(),
                    "check-type",
                    "@check needs a String property; " + what + " is "
                            + rp.type().toSource());
            return null;
        }
        try {
            Pattern.compile(s.text());
        } catch (PatternSyntaxException e) {
            error(s.pos(), "check-regex", "@check regular expression is invalid: " + e.getDescription());
            return null;
        }
        return s.text();
    }

    private String renameFrom(Raw.Annotation a, String what) {
        if (a.args().size() != 1
                || !(a.args().get(0) instanceof Raw.StringArg s)
                || s.text().isEmpty()) {
            error(a.pos(), "bad-annotation", "@rename_from on " + what + " takes one non-empty string, the old name");
            return null;
        }
        return s.text();
    }

    private record TypeAnnotations(Cardinality cardinality, String renameFrom) {}

    private TypeAnnotations typeAnnotations(Raw.Decl d, String owner, boolean edge) {
        Cardinality card = Cardinality.DEFAULT;
        String renameFrom = null;
        Set<String> seen = new HashSet<>();
        for (Raw.Annotation a : d.headAnnotations()) {
            if (!seen.add(a.name())) {
                error(a.pos(), "duplicate-annotation", owner + " has @" + a.name() + " twice");
                continue;
            }
            switch (a.name()) {
                case "card" -> {
                    if (edge) {
                        card = cardinality(a);
                    } else {
                        error(a.pos(), "card-not-on-edge", "@card applies to edge types only, not to " + owner);
                    }
                }
                case "rename_from" -> renameFrom = renameFrom(a, owner);
                case "key", "unique", "index", "range", "check" ->
                    error(
                            a.pos(),
                            "annotation-misplaced",
                            "@" + a.name() + " goes on a property or in the body of " + owner);
                default -> error(a.pos(), "unknown-annotation", "unknown annotation @" + a.name() + " on " + owner);
            }
        }
        return new TypeAnnotations(card, renameFrom);
    }

    private Cardinality cardinality(Raw.Annotation a) {
        if (a.args().size() != 1
                || !(a.args().get(0) instanceof Raw.RangeArg r)
                || r.min() == null
                || !r.min().matches("[0-9]{1,18}")
                || (r.max() != null && !r.max().matches("[0-9]{1,18}"))) {
            error(a.pos(), "bad-annotation", "@card takes min..max or min.. with non-negative integers");
            return Cardinality.DEFAULT;
        }
        long min = Long.parseLong(r.min());
        Long max = r.max() == null ? null : Long.parseLong(r.max());
        if (max != null && min > max) {
            error(r.pos(), "card-bounds", "@card minimum " + min + " is greater than maximum " + max);
            return Cardinality.DEFAULT;
        }
        return new Cardinality(min, max);
    }

    private void error(Pos pos, String code, String message) {
        diagnostics.error(pos, code, message);
    }

    /** The properties and constraints of one declaration as they are being built. */
    private final class Members {
        final boolean edge;
        final Map<String, Property> properties = new LinkedHashMap<>();
        final Map<String, Pos> positions = new HashMap<>();
        final List<List<String>> uniques = new ArrayList<>();
        final List<List<String>> indexes = new ArrayList<>();
        private List<String> key = List.of();

        Members(boolean edge) {
            this.edge = edge;
        }

        List<Property> properties() {
            return new ArrayList<>(properties.values());
        }

        List<String> key() {
            return key;
        }

        void setKey(List<String> tuple, Pos pos, String owner) {
            if (!key.isEmpty()) {
                error(
                        pos,
                        "multiple-keys",
                        owner + " has multiple @key declarations; write one @key(a, b) for a" + " composite key");
                return;
            }
            key = tuple;
        }

        boolean isBlob(String name) {
            Property p = properties.get(name);
            return p != null && p.type() instanceof PropertyType.Scalar s && s.kind() == ScalarKind.BLOB;
        }

        /** The parsed property, or one rebuilt from an inherited property (which has no source position). */
        Raw.Property raw(Raw.Decl d, String name) {
            for (Raw.Property rp : d.properties()) {
                if (rp.name().text().equals(name)) {
                    return rp;
                }
            }
            Property p = properties.get(name);
            return p == null ? null : new Raw.Property(null, p.type(), p.nullable(), List.of());
        }
    }
}
