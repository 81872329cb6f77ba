package dev.plainlance.bench.graph;

import java.util.Arrays;
import java.util.List;

/**
 * The read queries of the graph bench's query phase, each written once in {@code .gq} (plainlance, query
 * {@link #gqName} of {@link #GQ}) and once in Cypher (Neo4j, {@link #cypher}), so that both compute the same answer on
 * the {@link SocialGraph} (no self-loops, no parallel edges: see the notes on each).
 *
 * <p>Omnigraph's semantics: a traversal gives each (source, destination) pair once; a variable-length traversal gives
 * each destination once per source (breadth-first reachability), the seed only when a self-loop reaches it. Cypher
 * counts walks and may return the seed through a cycle, hence {@code DISTINCT} and {@code f <> p} where needed.
 */
enum BenchQuery {
    /** The persons one person follows. Same rows in both: the social graph has no parallel edges. */
    ONE_HOP(
            "1hop",
            "1-hop neighbours of one person",
            "one_hop",
            "MATCH (p:Person {name: $name})-[:FOLLOWS]->(f) RETURN f.name AS name",
            true),
    /**
     * 2-hop walks {@code a -> b -> c} over all persons ({@code c = a} included). Cypher's count of walks equals the
     * {@code .gq} count of (a, b, c) bindings because there are no parallel edges, and its relationship uniqueness
     * removes nothing because there are no self-loops. Every node is a Person, so Cypher's {@code b} and {@code c}
     * carry no label (a label check would only slow Neo4j down).
     */
    TWO_HOP_COUNT(
            "2hop",
            "2-hop path count over all persons",
            "two_hop_count",
            "MATCH (a:Person)-[:FOLLOWS]->(b)-[:FOLLOWS]->(c) RETURN count(*) AS paths",
            false),
    /** The 2-hop walks from persons older than {@code $minAge} to persons living in {@code $city}. */
    TWO_HOP_FILTERED(
            "2hop-filtered",
            "filtered 2-hop path count (a.age > 80, c.city = Lyon)",
            "two_hop_filtered",
            "MATCH (a:Person)-[:FOLLOWS]->(b)-[:FOLLOWS]->(c) WHERE a.age > $minAge AND c.city = $city"
                    + " RETURN count(*) AS paths",
            false),
    /** Up to 100 persons reachable from one seed in 1 to 3 hops (the seed itself excluded). */
    REACH3(
            "reach3",
            "3-hop reachability from one person, limit 100",
            "reach3",
            "MATCH (p:Person {name: $name})-[:FOLLOWS*1..3]->(f) WHERE f <> p RETURN DISTINCT f.name AS name LIMIT 100",
            true),
    /** Up to 100 persons reachable from one seed in 1 to 4 hops (the seed itself excluded). */
    REACH4(
            "reach4",
            "4-hop reachability from one person, limit 100",
            "reach4",
            "MATCH (p:Person {name: $name})-[:FOLLOWS*1..4]->(f) WHERE f <> p RETURN DISTINCT f.name AS name LIMIT 100",
            true),
    /**
     * The 10 persons with the most followers. Cypher counts with {@code COUNT { }} on the relationship pattern, which
     * Neo4j answers from its stored degrees; a person without followers gets 0 there and no row in {@code .gq}, which
     * cannot change the top 10 of this graph.
     */
    TOP_FOLLOWED(
            "top10",
            "top 10 persons by follower count",
            "top_followed",
            "MATCH (p:Person) RETURN p.name AS name, COUNT { (p)<-[:FOLLOWS]-() } AS followers"
                    + " ORDER BY followers DESC LIMIT 10",
            false),
    /** The length of a shortest directed path between two persons (no row when there is none). */
    SHORTEST_PATH(
            "shortest",
            "shortest path length between two persons",
            "shortest",
            "MATCH (x:Person {name: $a}), (y:Person {name: $b}) MATCH p = shortestPath((x)-[:FOLLOWS*]->(y))"
                    + " RETURN length(p) AS hops",
            true);

    /** The {@code .gq} file plainlance runs: one query per constant, by {@link #gqName}. */
    static final String GQ = """
            query one_hop($name: String) {
                match { $p: Person { name: $name } $p follows $f }
                return { $f.name }
            }

            query two_hop_count() {
                match { $a: Person $a follows $b $b follows $c }
                return { count($c) as paths }
            }

            query two_hop_filtered($minAge: I32, $city: String) {
                match {
                    $a: Person
                    $a.age > $minAge
                    $a follows $b
                    $b follows $c
                    $c.city = $city
                }
                return { count($c) as paths }
            }

            query reach3($name: String) {
                match { $p: Person { name: $name } $p follows{1,3} $f }
                return { $f.name }
                limit 100
            }

            query reach4($name: String) {
                match { $p: Person { name: $name } $p follows{1,4} $f }
                return { $f.name }
                limit 100
            }

            query top_followed() {
                match { $p: Person $f follows $p }
                return { $p.name, count($f) as followers }
                order { followers desc }
                limit 10
            }

            query shortest($a: String, $b: String) {
                match {
                    $x: Person { name: $a }
                    $y: Person { name: $b }
                    $path = shortest($x follows{1,} $y)
                }
                return { length($path) as hops }
            }
            """;

    /** The filtered 2-hop query's parameters. */
    static final int MIN_AGE = 80;

    static final String CITY = "Lyon";

    /** The name on the command line ({@code --queries}) and in the report. */
    final String id;

    final String label;
    final String gqName;
    final String cypher;
    /** Whether the query runs once per seed (or pair of persons) rather than once over the whole graph. */
    final boolean seeded;

    BenchQuery(String id, String label, String gqName, String cypher, boolean seeded) {
        this.id = id;
        this.label = label;
        this.gqName = gqName;
        this.cypher = cypher;
        this.seeded = seeded;
    }

    static BenchQuery byId(String id) {
        for (BenchQuery q : values()) {
            if (q.id.equals(id)) {
                return q;
            }
        }
        throw new IllegalArgumentException("unknown query " + id + " (allowed: " + ids() + ")");
    }

    static List<String> ids() {
        return Arrays.stream(values()).map(q -> q.id).toList();
    }
}
