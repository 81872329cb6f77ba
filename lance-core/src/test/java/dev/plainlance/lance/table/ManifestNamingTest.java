package dev.plainlance.lance.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ManifestNamingTest {

    @Test
    void namesMatchTheOfficialLayout() {
        assertEquals("1.manifest", ManifestNaming.V1.fileName(1));
        assertEquals("18446744073709551614.manifest", ManifestNaming.V2.fileName(1));
        assertEquals("18446744073709551609.manifest", ManifestNaming.V2.fileName(6));
        assertEquals("_versions/18446744073709551615.manifest", ManifestNaming.V2.key(0));
    }

    @Test
    void parsesBothSchemes() {
        assertEquals(
                new ManifestNaming.Parsed(6, ManifestNaming.V2),
                ManifestNaming.parse("18446744073709551609.manifest").orElseThrow());
        assertEquals(
                new ManifestNaming.Parsed(12, ManifestNaming.V1),
                ManifestNaming.parse("12.manifest").orElseThrow());
    }

    @Test
    void ignoresNonManifests() {
        for (String name : new String[] {
            "latest_version_hint.json",
            "1.manifest.plainlance-tmp-x",
            "1.manifest#1",
            "d9223372036854775809.manifest",
            ".manifest",
            "abc.manifest",
            "-1.manifest",
            "99999999999999999999999.manifest",
            "00000000000000000001.manifest"
        }) {
            assertTrue(ManifestNaming.parse(name).isEmpty(), name);
        }
    }

    @Property
    void namesRoundTrip(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long version) {
        for (ManifestNaming naming : ManifestNaming.values()) {
            ManifestNaming.Parsed parsed =
                    ManifestNaming.parse(naming.fileName(version)).orElseThrow();
            assertEquals(version, parsed.version());
            assertEquals(naming, parsed.naming());
        }
    }

    @Property
    void v2NamesSortNewestFirst(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE - 1) long version) {
        assertTrue(ManifestNaming.V2.fileName(version + 1).compareTo(ManifestNaming.V2.fileName(version)) < 0);
    }
}
