package dev.plainlance.lance.file;

import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

class DumpTest {
  @Test
  void dump() {
    for (String name : new String[] {"rich_2.0.lance", "rich_2.1.lance", "rich_2.2.lance", "rich_2.3.lance", "rich_2.0_by_0.39.0.lance"}) {
      try (RootAllocator allocator = new RootAllocator()) {
        LanceFileReader reader = FixtureFiles.open(name);
        System.out.println(name + " " + reader.version() + " rows=" + reader.numRows() + " " + reader.arrowSchema());
        try {
          var cols = FixtureFiles.readColumns(reader, allocator, 4);
          for (int c = 0; c < cols.size(); c++) {
            System.out.println("  " + reader.arrowSchema().getFields().get(c).getName() + " = " + cols.get(c));
          }
        } catch (RuntimeException e) {
          e.printStackTrace(System.out);
        }
      }
    }
  }
}
