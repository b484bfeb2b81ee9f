// The shortest chain of relationships (any type, either direction) between two people.
// Answers: how far apart two people are, and through which groups, meetings and agencies.
// param $from (default "p-001"): id of the first person
// param $to (default "p-018"): id of the second person
MATCH (a:Person {id: $from}), (b:Person {id: $to})
MATCH path = shortestPath((a)-[*..8]-(b))
RETURN [n IN nodes(path) | n.id] AS ids, length(path) AS hops
