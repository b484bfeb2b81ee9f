// Groups at a level with a GP who sits on them as a member or chair, not only as an invited guest.
// Answers: "primary care was represented in only 9 [area] groups, in all cases by a GP" (Secker, Davies & Howell 2000).
// param $level (default "area"): the group level (practice, locality, area, region, national)
MATCH (g:`Group` {level: $level})
WHERE exists {
  MATCH (:Person {role: 'gp'})-[m:MEMBER_OF]->(g)
  WHERE coalesce(m.role, 'member') <> 'invited'
}
RETURN g.id AS group_id, g.name AS name
ORDER BY group_id
