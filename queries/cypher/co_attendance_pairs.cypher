// Pairs of people present at the same meetings, with how many meetings they shared.
// Answers: who actually meets whom (from attendance registers), strongest ties first.
// param $min_meetings (default 1): leave out pairs that shared fewer meetings
// param $top (default 25): how many pairs to list
MATCH (a:Person)-[x:ATTENDED]->(m:Meeting)<-[y:ATTENDED]-(b:Person)
WHERE a.id < b.id AND x.status = 'present' AND y.status = 'present'
WITH a, b, count(m) AS meetings
WHERE meetings >= $min_meetings
RETURN a.id AS person_a, b.id AS person_b, meetings
ORDER BY meetings DESC, person_a, person_b
LIMIT $top
