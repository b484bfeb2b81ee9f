// Groups at a level whose only GPs are invited ones: GPs were asked to come but hold no seat.
// Answers: "eight areas reported that GPs were invited to attend but failed to do so" (Secker, Davies & Howell 2000).
// param $level (default "area"): the group level (practice, locality, area, region, national)
MATCH (g:`Group` {level: $level})
WHERE exists { MATCH (:Person {role: 'gp'})-[:MEMBER_OF {role: 'invited'}]->(g) }
  AND NOT exists {
    MATCH (:Person {role: 'gp'})-[m:MEMBER_OF]->(g)
    WHERE coalesce(m.role, 'member') <> 'invited'
  }
RETURN g.id AS group_id, g.name AS name
ORDER BY group_id
