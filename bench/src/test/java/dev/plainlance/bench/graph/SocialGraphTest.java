package dev.plainlance.bench.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.SchemaParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocialGraphTest {
    @Test
    void sameSeedSameFilesOtherSeedOtherData(@TempDir Path dir) throws IOException {
        SocialGraph.Written a = SocialGraph.generate(500, 4000, 7).write(dir.resolve("a"));
        SocialGraph.Written b = SocialGraph.generate(500, 4000, 7).write(dir.resolve("b"));
        SocialGraph.Written c = SocialGraph.generate(500, 4000, 8).write(dir.resolve("c"));
        assertEquals(Files.readString(a.data()), Files.readString(b.data()));
        assertNotEquals(Files.readString(a.data()), Files.readString(c.data()));
    }

    @Test
    void exactLineShapesNodesFirst(@TempDir Path dir) throws IOException {
        SocialGraph g = SocialGraph.generate(1000, 10_000, 1);
        SocialGraph.Written w = g.write(dir);
        List<String> lines = Files.readAllLines(w.data());
        assertEquals(11_000, lines.size());
        SocialGraph.Person p = g.person(42);
        assertEquals(
                "{\"type\":\"Person\",\"data\":{\"name\":\"p000042\",\"age\":" + p.age() + ",\"city\":\"" + p.city()
                        + "\"}}",
                lines.get(42));
        SocialGraph.Follow f = g.follow(0);
        assertEquals(
                "{\"edge\":\"Follows\",\"from\":\"" + f.from() + "\",\"to\":\"" + f.to() + "\",\"data\":{\"since\":\""
                        + f.since() + "\"}}",
                lines.get(1000));
        assertTrue(lines.subList(0, 1000).stream().allMatch(l -> l.startsWith("{\"type\":\"Person\"")));
        assertTrue(lines.subList(1000, lines.size()).stream().allMatch(l -> l.startsWith("{\"edge\":\"Follows\"")));
        assertEquals(SocialGraph.SCHEMA, Files.readString(w.schema()));
    }

    @Test
    void noSelfLoopsNoDuplicatesSkewedDegrees() {
        SocialGraph g = SocialGraph.generate(2000, 40_000, 3);
        Set<String> pairs = new HashSet<>();
        int[] out = new int[2000];
        for (SocialGraph.Follow f : g.follows()) {
            assertNotEquals(f.from(), f.to());
            assertTrue(pairs.add(f.from() + ">" + f.to()), "duplicate " + f);
            assertFalse(f.since().isBefore(LocalDate.of(2010, 1, 1)));
            assertFalse(f.since().isAfter(LocalDate.of(2024, 12, 31)));
            out[Integer.parseInt(f.from().substring(1))]++;
        }
        assertEquals(40_000, pairs.size());
        int max = 0;
        int min = Integer.MAX_VALUE;
        for (int d : out) {
            max = Math.max(max, d);
            min = Math.min(min, d);
        }
        assertTrue(max > 10 * min, "max out-degree " + max + ", min " + min);
    }

    @Test
    void denseGraphFillsUpToEveryPair() {
        SocialGraph g = SocialGraph.generate(20, 20 * 19, 5);
        Set<String> pairs = new HashSet<>();
        for (SocialGraph.Follow f : g.follows()) {
            assertNotEquals(f.from(), f.to());
            pairs.add(f.from() + ">" + f.to());
        }
        assertEquals(380, pairs.size());
    }

    @Test
    void ndjsonReadsBackAsTheIterables(@TempDir Path dir) throws IOException {
        SocialGraph g = SocialGraph.generate(300, 2000, 11);
        SocialGraph.Written w = g.write(dir);
        List<SocialGraph.Person> persons = new ArrayList<>();
        List<SocialGraph.Follow> follows = new ArrayList<>();
        Ndjson.read(w.data(), new Ndjson.Sink() {
            @Override
            public void node(String type, Map<String, Object> data) {
                assertEquals("Person", type);
                persons.add(new SocialGraph.Person(
                        (String) data.get("name"), ((Long) data.get("age")).intValue(), (String) data.get("city")));
            }

            @Override
            public void edge(String edge, String from, String to, Map<String, Object> data) {
                assertEquals("Follows", edge);
                follows.add(new SocialGraph.Follow(from, to, LocalDate.parse((String) data.get("since"))));
            }
        });
        List<SocialGraph.Person> expectedPersons = new ArrayList<>();
        g.persons().forEach(expectedPersons::add);
        List<SocialGraph.Follow> expectedFollows = new ArrayList<>();
        g.follows().forEach(expectedFollows::add);
        assertEquals(expectedPersons, persons);
        assertEquals(expectedFollows, follows);
    }

    @Test
    void schemaParsesWithTheGraphModule() {
        GraphSchema schema = SchemaParser.parse(SocialGraph.SCHEMA, "social.pg");
        assertEquals(List.of("name"), schema.node("Person").orElseThrow().key());
        assertTrue(schema.edge("Follows").isPresent());
    }
}
