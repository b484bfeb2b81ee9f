// Liaison ties between two people of different sectors, with the liaison model.
// Answers: which working links cross the boundary between systems (e.g. social care and primary care).
MATCH (a:Person)-[r:LIAISES_WITH]->(b:Person)
WHERE a.sector IS NOT NULL AND b.sector IS NOT NULL AND a.sector <> b.sector
RETURN a.id AS person, a.sector AS sector, b.id AS liaises_with, b.sector AS other_sector,
       r.model AS model
ORDER BY person, liaises_with
