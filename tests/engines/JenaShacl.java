// Test-only: validate many data files against one shapes graph with Apache Jena's SHACL engine
// in one JVM, writing each report next to its data file as FILE.jena.nt.
// Usage: java -cp JENA tests/engines/JenaShacl.java --shapes FILE... --data FILE...
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.graph.Factory;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;

public class JenaShacl {
    public static void main(String[] args) throws Exception {
        List<String> shapesFiles = new ArrayList<>();
        List<String> dataFiles = new ArrayList<>();
        List<String> into = shapesFiles;
        for (String arg : args) {
            if (arg.equals("--shapes")) into = shapesFiles;
            else if (arg.equals("--data")) into = dataFiles;
            else into.add(arg);
        }
        Graph shapesGraph = Factory.createDefaultGraph();
        for (String path : shapesFiles) RDFDataMgr.read(shapesGraph, path);
        Shapes shapes = Shapes.parse(shapesGraph);
        for (String path : dataFiles) {
            Graph data = RDFDataMgr.loadGraph(path);
            ValidationReport report = ShaclValidator.get().validate(shapes, data);
            try (OutputStream out = new FileOutputStream(path + ".jena.nt")) {
                RDFDataMgr.write(out, report.getModel(), Lang.NTRIPLES);
            }
        }
    }
}
