// Run many SPARQL queries with Apache Jena ARQ in one JVM (a JVM start costs seconds).
// Usage: java -cp JENA RunQueries.java DATA.nt QUERY.rq OUT.json [DATA.nt QUERY.rq OUT.json ...]
// Each query is parsed as SPARQL 1.1 and evaluated over the graph in its DATA file (each file
// read once); SELECT and ASK answers are written as SPARQL JSON results to OUT.json, a parse
// or evaluation error as a line "ERROR: ..." at its end.
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.query.Syntax;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;

public class RunQueries {
    public static void main(String[] args) throws Exception {
        Map<String, Model> models = new HashMap<>();
        for (int i = 0; i + 2 < args.length; i += 3) {
            Model model = models.computeIfAbsent(args[i], RDFDataMgr::loadModel);
            try (OutputStream out = new FileOutputStream(args[i + 2])) {
                try {
                    Query query = QueryFactory.read(args[i + 1], Syntax.syntaxSPARQL_11);
                    try (QueryExecution exec = QueryExecutionFactory.create(query, model)) {
                        if (query.isAskType()) {
                            ResultSetFormatter.outputAsJSON(out, exec.execAsk());
                        } else {
                            ResultSetFormatter.outputAsJSON(out, exec.execSelect());
                        }
                    }
                } catch (Exception err) {
                    String line = ("ERROR: " + err).replace('\n', ' ');
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }
}
