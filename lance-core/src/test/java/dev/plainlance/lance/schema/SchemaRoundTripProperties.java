package dev.plainlance.lance.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.pb.file.Encoding;
import dev.plainlance.testkit.arrow.ArrowSchemaArbitraries;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.arrow.vector.types.pojo.Schema;

class SchemaRoundTripProperties {

    @Property(tries = 500)
    void arrowSurvivesLanceAndProtoBytes(@ForAll("arrowSchemas") Schema arrow) throws InvalidProtocolBufferException {
        LanceSchema lance = LanceSchema.fromArrow(arrow);
        LanceSchema reread = reparse(lance);

        assertEquals(lance, reread);
        assertEquals(ArrowSchemaArbitraries.lanceNormalForm(arrow), reread.toArrow());
    }

    @Property(tries = 500)
    void lanceSchemaIsAFixedPointOfItsArrowForm(@ForAll("arrowSchemas") Schema arrow) {
        LanceSchema lance = LanceSchema.fromArrow(arrow);

        assertEquals(lance, LanceSchema.fromArrow(lance.toArrow()));
    }

    @Property(tries = 500)
    void protoSurvivesLanceUnchanged(@ForAll("protoSchemas") dev.plainlance.lance.pb.file.Schema proto)
            throws InvalidProtocolBufferException {
        dev.plainlance.lance.pb.file.Schema parsed = dev.plainlance.lance.pb.file.Schema.parseFrom(proto.toByteArray());
        LanceSchema lance = LanceSchema.fromProto(parsed.getFieldsList(), parsed.getMetadataMap());

        assertEquals(proto.getFieldsList(), lance.toProto());
        assertEquals(proto.getMetadataMap(), lance.metadataProto());
    }

    @Provide
    Arbitrary<Schema> arrowSchemas() {
        return ArrowSchemaArbitraries.schemas();
    }

    /**
     * Protobuf schemas as Lance writes them, but with arbitrary (unique, non-negative) ids and arbitrary encodings,
     * neither of which a reader may recompute.
     */
    @Provide
    Arbitrary<dev.plainlance.lance.pb.file.Schema> protoSchemas() {
        return Combinators.combine(ArrowSchemaArbitraries.schemas(), Arbitraries.longs())
                .as((arrow, seed) -> scramble(LanceSchema.fromArrow(arrow), new Random(seed)));
    }

    private static dev.plainlance.lance.pb.file.Schema scramble(LanceSchema lance, Random random) {
        List<dev.plainlance.lance.pb.file.Field> fields = lance.toProto();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            ids.add(i * 3 + random.nextInt(3));
        }
        Collections.shuffle(ids, random);
        Map<Integer, Integer> newId = new HashMap<>();
        newId.put(-1, -1);
        for (int i = 0; i < fields.size(); i++) {
            newId.put(fields.get(i).getId(), ids.get(i));
        }
        dev.plainlance.lance.pb.file.Schema.Builder out =
                dev.plainlance.lance.pb.file.Schema.newBuilder().putAllMetadata(lance.metadataProto());
        for (dev.plainlance.lance.pb.file.Field f : fields) {
            out.addFields(f.toBuilder()
                    .setId(newId.get(f.getId()))
                    .setParentId(newId.get(f.getParentId()))
                    .setEncoding(Encoding.forNumber(random.nextInt(5))));
        }
        return out.build();
    }

    private static LanceSchema reparse(LanceSchema lance) throws InvalidProtocolBufferException {
        byte[] bytes = dev.plainlance.lance.pb.file.Schema.newBuilder()
                .addAllFields(lance.toProto())
                .putAllMetadata(lance.metadataProto())
                .build()
                .toByteArray();
        dev.plainlance.lance.pb.file.Schema parsed = dev.plainlance.lance.pb.file.Schema.parseFrom(bytes);
        return LanceSchema.fromProto(parsed.getFieldsList(), parsed.getMetadataMap());
    }
}
