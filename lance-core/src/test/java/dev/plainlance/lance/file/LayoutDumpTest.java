package dev.plainlance.lance.file;

import dev.plainlance.lance.pb.enc21.PageLayout;
import org.junit.jupiter.api.Test;

class LayoutDumpTest {
  @Test
  void dump() throws Exception {
    String name = System.getProperty("dump.file", "rich_2.2.lance");
    byte[] bytes = name.startsWith("/") ? java.nio.file.Files.readAllBytes(java.nio.file.Path.of(name)) : FixtureFiles.bytes(name);
    LanceFileReader reader = LanceFileReader.open(new ByteArraySource(bytes, name));
    java.lang.reflect.Field f = LanceFileReader.class.getDeclaredField("columns");
    f.setAccessible(true);
    java.util.List<ColumnPages> cols = (java.util.List<ColumnPages>) f.get(reader);
    int only = Integer.getInteger("dump.col", -1);
    for (int c = 0; c < cols.size(); c++) {
      if (only >= 0 && c != only) continue;
      ColumnPages p = cols.get(c);
      for (int pg = 0; pg < p.count(); pg++) {
        System.out.println("col " + c + " page " + pg + " rows " + p.length(pg));
        if (reader.version().isStructural()) {
          System.out.println(PageLayout.parseFrom(p.encoding(pg, "lance.encodings21.PageLayout")));
        } else {
          System.out.println(dev.plainlance.lance.pb.enc20.ArrayEncoding.parseFrom(p.encoding(pg, "lance.encodings.ArrayEncoding")));
        }
        for (int b = 0; b < p.bufferCount(pg); b++) {
          byte[] buf = p.readBuffer(pg, b);
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < Math.min(buf.length, Integer.getInteger("dump.max", 256)); i++) sb.append(String.format("%02x ", buf[i]));
          System.out.println("  buf " + b + " @" + p.bufferOffset(pg, b) + " size " + buf.length + ": " + sb);
        }
      }
    }
  }
}
