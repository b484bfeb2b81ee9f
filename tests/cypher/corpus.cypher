// Queries Neo4j users write, run on Neo4j and on the embedded store by
// tests/test_cypher_parity.py over the three bundled examples. Each gives Neo4j's
// answer on the embedded store, or (marked "// refused") is refused before it runs
// with one line naming the construct and what to write instead.
// Format: see tests/differential.py.

// == patterns ==

MATCH (p:Person) RETURN count(p);

MATCH (p:Person) RETURN p.id, p.name ORDER BY p.id LIMIT 10;

MATCH (n) RETURN count(n);

MATCH (n) RETURN count(*) AS nodes;

MATCH ()-[r]->() RETURN count(r);

MATCH ()-->() RETURN count(*);

MATCH (p:Person)-[:EMPLOYED_BY]->(a:Agency) RETURN p.id, a.id ORDER BY p.id;

MATCH (p:Person)-[e:EMPLOYED_BY]->(a:Agency) RETURN type(e), count(*);

MATCH (a:Agency)<-[:EMPLOYED_BY]-(p:Person) RETURN a.name, count(p) AS staff ORDER BY staff DESC, a.name LIMIT 5;

MATCH (p:Person)-[:MEMBER_OF]->(g:Group) RETURN g.name, count(p) AS members ORDER BY members DESC, g.name LIMIT 10;

MATCH (p:Person)-[m:MEMBER_OF]->(g:Group) WHERE m.role = 'chair' RETURN p.id, g.id ORDER BY p.id, g.id;

MATCH (p:Person)-[m:MEMBER_OF {role: 'chair'}]->(g) RETURN count(*);

MATCH (g:Group)-[:PART_OF]->(a:Agency) RETURN g.id, a.id ORDER BY g.id;

MATCH (a)-[:PART_OF]->(b) RETURN labels(a), labels(b), count(*) ORDER BY count(*) DESC, labels(a)[0], labels(b)[0];

MATCH (p:Person)-[:MEMBER_OF]->(g:Group)<-[:MEMBER_OF]-(q:Person) WHERE p.id < q.id RETURN count(*);

MATCH (p:Person)-[:MEMBER_OF]->(g:Group)<-[:MEMBER_OF]-(q:Person) RETURN count(*);

MATCH (p:Person)-[:MEMBER_OF]->(g)<-[:MEMBER_OF]-(q) RETURN p.id, count(DISTINCT q) AS colleagues ORDER BY colleagues DESC, p.id LIMIT 10;

MATCH (p:Person)-->(g:Group) RETURN count(*);

MATCH (p:Person)--(x) RETURN count(*);

MATCH (a:Agency)-[r]-(b:Agency) RETURN type(r), count(*) ORDER BY type(r);

MATCH (p:Person)-[r1:EMPLOYED_BY]->(a:Agency), (p)-[r2:MEMBER_OF]->(g:Group) RETURN count(*);

MATCH (p:Person)-[:EMPLOYED_BY]->(a), (q:Person)-[:EMPLOYED_BY]->(a) WHERE p <> q RETURN count(*);

MATCH (p:Person)-[:EMPLOYED_BY]->(a), (q:Person)-[:EMPLOYED_BY]->(a) RETURN count(*);

MATCH (p:Person), (g:Group) WHERE p.sector = 'primary_care' AND g.level = 'area' RETURN count(*);

MATCH (m:Meeting)-[:HELD_BY]->(g:Group) RETURN g.id, count(m) AS meetings, min(m.date) AS first, max(m.date) AS last ORDER BY g.id;

MATCH (p:Person)-[x:ATTENDED]->(m:Meeting)<-[y:ATTENDED]-(q:Person) WHERE p.id < q.id AND x.status = 'present' AND y.status = 'present' RETURN p.id, q.id, count(m) AS shared ORDER BY shared DESC, p.id, q.id LIMIT 10;

MATCH (p:Person)-[a:ATTENDS]->(g:Group) WHERE a.rate < 0.5 RETURN p.id, g.id, a.rate ORDER BY a.rate, p.id, g.id LIMIT 10;

MATCH (f:Agency)-[money:FUNDS]->(x) RETURN f.id, x.id, money.amount, money.year, money.mechanism ORDER BY f.id, x.id, money.year;

MATCH (a:Agency)-[p:PARTNERS_WITH]->(b:Agency) RETURN a.id, b.id, p.spectrum, p.function ORDER BY a.id, b.id;

MATCH (p:Person)-[c:CO_LOCATED_AT]->(a:Agency) RETURN p.id, a.id, c.days_per_week ORDER BY p.id;

MATCH (p:Person)-[l:LIAISES_WITH]->(x) RETURN labels(x)[0] AS with, l.model, count(*) ORDER BY with, l.model;

MATCH (p:Person)-[:LIAISES_WITH]->(q:Person) RETURN p.id, q.id ORDER BY p.id, q.id;

MATCH (p:Person)-[:LIAISES_WITH|CO_LOCATED_AT]->(x) RETURN count(*);

MATCH (p:Person)-[r:LIAISES_WITH|CO_LOCATED_AT]->(x) RETURN type(r), count(*) ORDER BY type(r);

MATCH (n:Person|Group) RETURN labels(n)[0] AS label, count(*) ORDER BY label;

MATCH (g:Group {level: 'area'}) RETURN g.id ORDER BY g.id;

MATCH (g:Group WHERE g.level = 'area') RETURN count(g);

MATCH (a:Agency) WHERE a.level = 'area' AND a.sector = 'social_care' RETURN a.name ORDER BY a.name;

MATCH (p:Person {role: 'gp'})-[:MEMBER_OF]->(g:Group) RETURN g.level, count(DISTINCT p) ORDER BY g.level;

MATCH (a:Agency)<-[:PART_OF]-(b:Agency)<-[:PART_OF]-(c:Agency) RETURN a.id, b.id, c.id ORDER BY a.id, b.id, c.id;

MATCH p = (a:Person)-[:MEMBER_OF]->(g:Group) RETURN length(p), count(*);

MATCH (p:Person) WHERE NOT (p)-[:MEMBER_OF]->() RETURN count(p);

// == optional-match ==

MATCH (p:Person) OPTIONAL MATCH (p)-[:CO_LOCATED_AT]->(a:Agency) RETURN p.id, a.id ORDER BY p.id LIMIT 20;

MATCH (p:Person) OPTIONAL MATCH (p)-[c:CO_LOCATED_AT]->(a) RETURN count(p), count(c), count(a);

MATCH (p:Person) OPTIONAL MATCH (p)-[c:CO_LOCATED_AT]->(a) RETURN p.id, labels(a), type(c) ORDER BY p.id LIMIT 15;

MATCH (p:Person) OPTIONAL MATCH (p)-[c:CO_LOCATED_AT]->(a) RETURN labels(a) AS l, type(c) AS t, count(*) ORDER BY t;

MATCH (p:Person) OPTIONAL MATCH (p)-[c:CO_LOCATED_AT]->(a) RETURN a:Agency AS agency, count(*) ORDER BY agency;

MATCH (p:Person) OPTIONAL MATCH (p)-[c:CO_LOCATED_AT]->(a) WITH p, a WHERE a:Agency RETURN count(*);

MATCH (p:Person) OPTIONAL MATCH (p)-[c:CO_LOCATED_AT]->(a) WITH p, a WHERE NOT a:Agency RETURN count(*);

MATCH (p:Person) OPTIONAL MATCH (p)-[c:CO_LOCATED_AT]->(a) RETURN a IS NULL AS missing, count(*) ORDER BY missing;

MATCH (p:Person) OPTIONAL MATCH (p)-[c:CO_LOCATED_AT]->(a) WITH c, a ORDER BY a.id RETURN sum(c.days_per_week) AS days, avg(c.days_per_week) AS mean, collect(a.id) AS sites;

MATCH (g:Group) OPTIONAL MATCH (g)<-[:HELD_BY]-(m:Meeting) RETURN g.id, count(m) AS meetings ORDER BY g.id;

MATCH (g:Group) OPTIONAL MATCH (g)<-[:HELD_BY]-(m:Meeting) WITH g, m ORDER BY m.date RETURN g.id, collect(m.date) AS dates ORDER BY g.id LIMIT 10;

MATCH (g:Group) OPTIONAL MATCH (g)<-[:HELD_BY]-(m:Meeting) WITH g, count(m) AS meetings WHERE meetings = 0 RETURN count(g);

MATCH (a:Agency) OPTIONAL MATCH (a)-[f:FUNDS]->(x) RETURN a.id, sum(f.amount) AS given, count(f) AS flows ORDER BY a.id;

MATCH (a:Agency) OPTIONAL MATCH (a)-[f:FUNDS]->(x) RETURN a.id, coalesce(sum(f.amount), 0.0) AS given ORDER BY given DESC, a.id LIMIT 5;

MATCH (p:Person) OPTIONAL MATCH (p)-[l:LIAISES_WITH]->(x) WITH p, l ORDER BY l.model RETURN p.id, count(l) AS links, collect(l.model) AS models ORDER BY links DESC, p.id LIMIT 10;

MATCH (p:Person) OPTIONAL MATCH (p)-[l:LIAISES_WITH]->(x) RETURN p.id, x.id, l.frequency ORDER BY p.id, x.id LIMIT 20;

MATCH (p:Person) OPTIONAL MATCH (p)-[l:LIAISES_WITH]->(x:Group) RETURN x.name IS NULL AS none, count(*) ORDER BY none;

OPTIONAL MATCH (n:Person {id: 'nobody'}) RETURN n;

OPTIONAL MATCH (n:Person {id: 'nobody'}) RETURN n.name, labels(n), n:Person, count(n);

OPTIONAL MATCH (n:Person {id: 'nobody'}) RETURN n IS NULL, n.name IS NULL;

OPTIONAL MATCH (n:Person {id: 'nobody'})-[r:MEMBER_OF]->(g) RETURN type(r), r.role, g;

MATCH (g:Group) OPTIONAL MATCH (g)-[:PART_OF]->(parent) RETURN g.id, parent.id, labels(parent) ORDER BY g.id;

MATCH (g:Group) OPTIONAL MATCH (g)-[:PART_OF]->(parent:Group) RETURN parent IS NULL AS top, count(*) ORDER BY top;

MATCH (p:Person) OPTIONAL MATCH (p)-[a:ATTENDS]->(g) WHERE a.rate > 0.5 RETURN p.id, count(g) AS keen ORDER BY keen DESC, p.id LIMIT 10;

MATCH (p:Person) OPTIONAL MATCH (p)-[a:ATTENDS]->(g) RETURN max(a.rate), min(a.rate), avg(a.attended);

MATCH (p:Person {id: 'nobody'}) OPTIONAL MATCH (p)-->(x) RETURN count(*);

MATCH (a:Agency) OPTIONAL MATCH (a)<-[:EMPLOYED_BY]-(p:Person) WITH a, p ORDER BY p.id WITH a, collect(p.id) AS staff RETURN a.id, size(staff) AS n, staff[0] AS first ORDER BY n DESC, a.id LIMIT 10;

// == paths ==

MATCH (a:Agency)-[:PART_OF*]->(b:Agency) RETURN count(*);

MATCH (a:Agency)-[:PART_OF*1..2]->(b:Agency) RETURN a.id, b.id ORDER BY a.id, b.id;

MATCH (g:Group)-[:PART_OF*]->(top) WHERE NOT (top)-[:PART_OF]->() RETURN g.id, top.id ORDER BY g.id, top.id;

MATCH (g:Group)-[r:PART_OF*]->(top) RETURN g.id, length(r) AS hops ORDER BY hops DESC, g.id LIMIT 10;

MATCH (g:Group)-[r:PART_OF*]->(top) RETURN g.id, size(r) AS hops ORDER BY hops DESC, g.id LIMIT 10;

MATCH p = (g:Group)-[:PART_OF*]->(top) RETURN g.id, length(p) AS hops, [n IN nodes(p) | n.id] AS chain ORDER BY hops DESC, g.id, chain LIMIT 10;

MATCH p = (g:Group)-[:PART_OF*]->(top) RETURN max(length(p));

MATCH (p:Person)-[:LIAISES_WITH*1..3]-(q:Person) RETURN count(*);

MATCH (p:Person)-[:LIAISES_WITH*2]-(q:Person) RETURN count(*);

MATCH (p:Person)-[:LIAISES_WITH*1..3]->(x) RETURN count(DISTINCT x);

MATCH (p:Person)-[r:LIAISES_WITH*1..2]->(x) RETURN p.id, x.id, [e IN r | e.model] AS models ORDER BY p.id, x.id, models LIMIT 20;

MATCH (p:Person)-[:MEMBER_OF]->(g)<-[:MEMBER_OF*1..1]-(q) RETURN count(*);

MATCH (a:Person)-[:MEMBER_OF]->(g:Group)<-[:MEMBER_OF]-(b:Person)-[:MEMBER_OF]->(h:Group) RETURN count(*);

MATCH (a:Person), (b:Person) WHERE a.id = 'p-001' AND b.id = 'p-018' MATCH p = shortestPath((a)-[*..8]-(b)) RETURN length(p);

MATCH (a:Person {id: 'p-001'}), (b:Person {id: 'p-030'}) MATCH p = shortestPath((a)-[*]-(b)) RETURN length(p);

MATCH (a:Person {id: 'p-001'}), (b:Person {id: 'p-018'}) MATCH p = allShortestPaths((a)-[*..8]-(b)) RETURN length(p), count(*);

MATCH (a:Person {id: 'kf-jcm'}), (b:Person {id: 'kf-p002'}) MATCH p = shortestPath((a)-[*..6]-(b)) RETURN length(p);

MATCH (a:Person {id: 'p-001'}), (b:Person {id: 'p-018'}) MATCH p = shortestPath((a)-[:MEMBER_OF*..6]-(b)) RETURN length(p), size(nodes(p)), size(relationships(p));

MATCH (a:Person {id: 'p-001'}) MATCH p = shortestPath((a)-[:MEMBER_OF*..4]-(b:Person)) WHERE a <> b RETURN length(p) AS d, count(*) ORDER BY d;

MATCH (a:Person {id: 'p-001'}), (b:Person {id: 'p-018'}) MATCH p = shortestPath((a)-[:MEMBER_OF*..6]-(b)) RETURN [n IN nodes(p) | labels(n)[0]] AS kinds;

MATCH (a:Person {id: 'p-001'}), (b:Person {id: 'p-018'}) MATCH p = shortestPath((a)-[:MEMBER_OF*..6]-(b)) RETURN [r IN relationships(p) | type(r)] AS types;

MATCH (g:Group)-[:PART_OF*0..]->(top) RETURN count(*);

MATCH (g:Group)-[r:PART_OF*0..2]->(top) RETURN g.id, top.id, size(r) AS hops ORDER BY g.id, hops, top.id;

MATCH (p:Person)-[:MEMBER_OF]->(g:Group)-[:PART_OF*1..3]->(a:Agency) RETURN count(DISTINCT p);

// == subqueries ==

MATCH (p:Person) WHERE EXISTS { (p)-[:MEMBER_OF]->(:Group) } RETURN count(p);

MATCH (p:Person) WHERE EXISTS { MATCH (p)-[:MEMBER_OF]->(g:Group) WHERE g.level = 'area' } RETURN count(p);

MATCH (p:Person) WHERE NOT EXISTS { MATCH (p)-[:MEMBER_OF]->() } RETURN count(p);

MATCH (g:Group) WHERE EXISTS { MATCH (:Person {role: 'gp'})-[m:MEMBER_OF]->(g) WHERE coalesce(m.role, 'member') <> 'invited' } RETURN g.id ORDER BY g.id;

MATCH (g:Group) RETURN g.id, COUNT { (g)<-[:MEMBER_OF]-() } AS members ORDER BY members DESC, g.id LIMIT 10;

MATCH (g:Group) RETURN g.id, COUNT { MATCH (g)<-[:MEMBER_OF]-(p:Person) WHERE p.role = 'gp' } AS gps ORDER BY gps DESC, g.id LIMIT 10;

MATCH (g:Group) WHERE COUNT { (g)<-[:MEMBER_OF]-() } > 5 RETURN count(g);

MATCH (g:Group) WITH g, COUNT { (g)<-[:HELD_BY]-() } AS meetings RETURN meetings, count(*) ORDER BY meetings;

MATCH (p:Person) WHERE (p)-[:LIAISES_WITH]->() RETURN count(p);

MATCH (p:Person) WHERE (p)-[:LIAISES_WITH]->() OR (p)-[:CO_LOCATED_AT]->() RETURN count(p);

MATCH (p:Person)-[:MEMBER_OF]->(g) WHERE NOT (p)-[:EMPLOYED_BY]->(:Agency {sector: 'primary_care'}) RETURN count(DISTINCT p);

MATCH (p:Person) RETURN EXISTS { (p)-[:ATTENDED]->() } AS attends, count(*) ORDER BY attends;

MATCH (a:Agency) WHERE EXISTS { MATCH (a)<-[:EMPLOYED_BY]-(p) WHERE p.role IN ['gp', 'cpn'] } RETURN a.id ORDER BY a.id;

MATCH (p:Person) WHERE COUNT { (p)-[:MEMBER_OF]->() } >= 3 RETURN p.id ORDER BY p.id;

MATCH (g:Group) RETURN COUNT { MATCH (g)<-[m:MEMBER_OF]-() RETURN m } AS n ORDER BY n DESC LIMIT 3;

MATCH (p:Person) WHERE EXISTS { MATCH (p)-[:MEMBER_OF]->(g) RETURN g } RETURN count(p);

// refused
MATCH (p:Person) WHERE EXISTS { MATCH (p)-[:MEMBER_OF]->(g) WITH g WHERE g.level = 'area' RETURN g } RETURN count(p);

// refused
MATCH (g:Group) RETURN g.id, COLLECT { MATCH (g)<-[:MEMBER_OF]-(p) RETURN p.id } AS members ORDER BY g.id;

MATCH (g:Group) WHERE EXISTS { (g)<-[:MEMBER_OF]-(p:Person) WHERE p.role = 'gp' } AND NOT EXISTS { (g)<-[:HELD_BY]-() } RETURN count(g);

// == comprehensions ==

RETURN [x IN range(1, 10) WHERE x % 2 = 0] AS evens;

RETURN [x IN range(1, 5) | x * x] AS squares;

RETURN [x IN range(1, 10) WHERE x > 7 | toString(x)] AS strings;

RETURN [x IN [] | x] AS nothing;

RETURN [x IN [1, 2, 3] WHERE x > 5] AS none;

MATCH (g:Group) WITH collect(g.level) AS levels RETURN size([l IN levels WHERE l = 'area']) AS areas;

MATCH (p:Person)-[:MEMBER_OF]->(g:Group) WITH p, g ORDER BY g.id WITH p, collect(g) AS groups RETURN p.id, [g IN groups | g.id] AS ids ORDER BY p.id LIMIT 10;

MATCH (p:Person)-[:MEMBER_OF]->(g:Group) WITH p, g ORDER BY g.name WITH p, collect(g) AS groups RETURN p.id, [g IN groups WHERE g.level = 'area' | g.name] AS names ORDER BY p.id LIMIT 10;

// refused
MATCH (p:Person) RETURN p.id, [(p)-[:MEMBER_OF]->(g) | g.id] AS groups ORDER BY p.id LIMIT 10;

// refused
MATCH (p:Person) RETURN p.id, size([(p)-[:MEMBER_OF]->(g) WHERE g.level = 'area' | g]) AS n ORDER BY p.id LIMIT 10;

RETURN all(x IN [1, 2, 3] WHERE x > 0) AS a, any(x IN [1, 2, 3] WHERE x > 2) AS b, none(x IN [1, 2, 3] WHERE x > 5) AS c, single(x IN [1, 2, 3] WHERE x = 2) AS d;

RETURN all(x IN [1, null] WHERE x > 0) AS a, any(x IN [1, null] WHERE x > 1) AS b, none(x IN [1, null] WHERE x > 1) AS c, single(x IN [2, null] WHERE x > 1) AS d;

RETURN all(x IN [] WHERE x > 0) AS a, any(x IN [] WHERE x > 0) AS b, none(x IN [] WHERE x > 0) AS c, single(x IN [] WHERE x > 0) AS d;

MATCH (g:Group)<-[m:MEMBER_OF]-() WITH g, collect(m.role) AS roles WHERE all(r IN roles WHERE r <> 'chair') RETURN count(g);

MATCH (g:Group)<-[m:MEMBER_OF]-() WITH g, collect(m.role) AS roles WHERE any(r IN roles WHERE r = 'invited') RETURN g.id ORDER BY g.id;

RETURN reduce(total = 0, x IN [1, 2, 3, 4] | total + x) AS total;

RETURN reduce(s = '', x IN ['a', 'b', 'c'] | s + x) AS joined;

RETURN reduce(p = 1.0, x IN [0.5, 0.5] | p * x) AS product;

MATCH (a:Agency)-[f:FUNDS]->() WITH collect(f.amount) AS amounts RETURN reduce(t = 0.0, x IN amounts | t + x) AS total;

// refused
RETURN reduce(s = '', x IN [1, 2, 3] | s + toString(x)) AS digits;

MATCH p = (g:Group)-[:PART_OF*]->(top) RETURN [n IN nodes(p) WHERE n:Agency | n.id] AS agencies ORDER BY agencies LIMIT 5;

RETURN [x IN [[1, 2], [3]] | size(x)] AS sizes;

// refused
RETURN [x IN range(1, 3) | [y IN range(1, x) | y * x]] AS triangle;

// == maps ==

RETURN {name: 'Ann', age: 42} AS person;

RETURN {name: 'Ann', age: 42}.name AS name;

RETURN {Group: 'x', group: 'y'} AS keys;

MATCH (p:Person) RETURN p {.id, .name, .role} AS person ORDER BY person.id LIMIT 5;

MATCH (p:Person) RETURN p {.id, .name} ORDER BY p.id LIMIT 5;

MATCH (p:Person)-[:EMPLOYED_BY]->(a) RETURN p {.id, employer: a.name} AS row ORDER BY row.id LIMIT 5;

MATCH (p:Person)-[:MEMBER_OF]->(g) WITH p, count(g) AS groups RETURN p {.id, groups} AS row ORDER BY row.groups DESC, row.id LIMIT 5;

// refused
MATCH (p:Person) RETURN p {.*} AS person ORDER BY person.id LIMIT 3;

OPTIONAL MATCH (p:Person {id: 'nobody'}) RETURN p {.id, .name} AS person;

MATCH (g:Group) WITH {id: g.id, level: g.level} AS m RETURN m.level AS level, count(*) ORDER BY level;

RETURN {a: 1, b: {c: 'nested'}}.b.c AS deep;

RETURN {a: 1}.missing AS missing;

// params: {"m": {"name": "Ann", "n": 3}}
RETURN $m.name AS name, $m.n + 1 AS next;

// refused
MATCH (p:Person) RETURN keys(p) LIMIT 1;

// refused
MATCH (p:Person) RETURN properties(p) LIMIT 1;

// == null-case-in ==

RETURN null = null AS a, null <> null AS b, null IS NULL AS c, 1 = null AS d;

RETURN null AND false AS a, null AND true AS b, null OR true AS c, null OR false AS d, NOT null AS e;

RETURN null XOR true AS a, true XOR false AS b;

RETURN 1 IN [1, 2, 3] AS a, 4 IN [1, 2, 3] AS b;

RETURN 1 IN [2, null] AS a, 2 IN [2, null] AS b, null IN [1, 2] AS c, null IN [] AS d;

RETURN 'a' IN ['a', null] AS a, 'b' IN ['a', null] AS b;

// params: {"xs": [1, null, 3]}
RETURN 2 IN $xs AS a, 3 IN $xs AS b;

MATCH (p:Person) WHERE p.role IN ['gp', 'cpn', 'social_worker'] RETURN p.role, count(*) ORDER BY p.role;

MATCH (p:Person) WHERE p.sector IN ['primary_care', null] RETURN count(p);

MATCH (p:Person) WHERE NOT p.sector IN ['primary_care', null] RETURN count(p);

MATCH (p:Person) WHERE NOT p.role IN ['gp', 'cpn'] RETURN count(p);

MATCH (p:Person) RETURN coalesce(p.sector, 'unknown') AS sector, count(*) ORDER BY sector;

RETURN coalesce(null, null, 'x') AS a, coalesce(null) AS b, coalesce(1, 2) AS c;

MATCH (p:Person) RETURN CASE p.role WHEN 'gp' THEN 'doctor' WHEN 'psychiatrist' THEN 'doctor' ELSE 'other' END AS kind, count(*) ORDER BY kind;

MATCH (p:Person) RETURN CASE WHEN p.role = 'gp' THEN 1 WHEN p.role = 'cpn' THEN 2 END AS code, count(*) ORDER BY code;

MATCH (a:Agency) RETURN CASE WHEN a.level IN ['practice', 'locality'] THEN 'local' WHEN a.level IS NULL THEN 'unknown' ELSE 'wider' END AS reach, count(*) ORDER BY reach;

RETURN CASE null WHEN null THEN 'matched' ELSE 'not matched' END AS result;

RETURN CASE WHEN null THEN 'yes' ELSE 'no' END AS result;

// refused
RETURN CASE WHEN rand() < 2 THEN 1 ELSE 2.5 END AS mixed;

// refused
RETURN coalesce(null, 1, 2.5) AS mixed;

MATCH (p:Person) WHERE p.name IS NULL RETURN count(p);

MATCH (p:Person) WHERE p.name IS NOT NULL RETURN count(p);

MATCH (p:Person) WHERE p.role = 'gp' OR p.sector = 'primary_care' RETURN count(p);

MATCH (p:Person) WHERE p.role <> 'gp' RETURN count(p);

MATCH ()-[m:MEMBER_OF]->() WHERE m.role <> 'member' RETURN m.role, count(*) ORDER BY m.role;

MATCH ()-[m:MEMBER_OF]->() WHERE NOT m.role = 'member' RETURN count(*);

MATCH ()-[m:MEMBER_OF]->() RETURN m.represents IS NULL AS missing, count(*) ORDER BY missing;

MATCH (a:Agency) RETURN a.care_tier IS NULL AS no_tier, count(*) ORDER BY no_tier;

RETURN [null, 1, null][1] AS one, size([null, null, 1]) AS three;

UNWIND [1, null, 3] AS x RETURN x ORDER BY x;

UNWIND [1, null, 3] AS x RETURN x ORDER BY x DESC;

UNWIND [1, null, 3] AS x RETURN count(x), count(*), sum(x), collect(x);

// == aggregation ==

MATCH (p:Person) RETURN p.role, count(*) AS n ORDER BY n DESC, p.role;

MATCH (p:Person) RETURN count(DISTINCT p.role) AS roles;

MATCH (p:Person) WITH DISTINCT p.sector AS sector ORDER BY sector RETURN collect(sector) AS sectors;

MATCH (p:Person) RETURN size(collect(DISTINCT p.sector)) AS sectors;

MATCH (p:Person) WITH p.sector AS sector, count(*) AS n RETURN sector, n ORDER BY n DESC, sector;

MATCH (p:Person {id: 'nobody'}) RETURN count(p), sum(1), avg(1), collect(p.name), min(p.name), max(p.name);

MATCH (p:Person {id: 'nobody'}) RETURN sum(1) AS s;

MATCH (a:Agency)-[f:FUNDS]->() WHERE f.amount > 1e12 RETURN sum(f.year) AS years;

UNWIND [] AS x RETURN sum(x) AS s, avg(x) AS a, count(x) AS c, collect(x) AS l;

UNWIND [1, 2, 3] AS x RETURN sum(x) AS s, avg(x) AS a, min(x), max(x);

UNWIND [1.5, 2.5] AS x RETURN sum(x) AS s, avg(x) AS a;

MATCH ()-[a:ATTENDS]->() RETURN sum(a.attended) AS attended, sum(a.held) AS held, avg(a.rate) AS rate;

MATCH ()-[a:ATTENDS]->() RETURN toFloat(sum(a.attended)) / sum(a.held) AS overall;

MATCH ()-[a:ATTENDS]->() RETURN sum(a.attended) / count(*) AS integer_mean;

MATCH (a:Agency)-[f:FUNDS]->(x) RETURN f.mechanism, sum(f.amount) AS total, count(*) AS flows ORDER BY total DESC, f.mechanism;

MATCH (a:Agency)-[f:FUNDS]->(x) RETURN coalesce(f.mechanism, 'unknown') AS mechanism, count(f) AS flows, sum(f.amount) AS total ORDER BY total DESC, mechanism;

MATCH (p:Person) WITH p ORDER BY p.name LIMIT 3 RETURN collect(p.name) AS first3;

MATCH (p:Person) WITH p ORDER BY p.name DESC LIMIT 5 RETURN collect(p.id) AS last5;

MATCH (p:Person) WITH p ORDER BY p.id RETURN collect(p.id)[0..5] AS ordered;

MATCH (p:Person) WITH p ORDER BY p.id SKIP 3 LIMIT 4 RETURN count(*), collect(p.id) AS ids;

MATCH (p:Person) WITH p ORDER BY p.id LIMIT 10 WITH p.role AS role, count(*) AS n RETURN role, n ORDER BY role;

MATCH (g:Group)<-[:MEMBER_OF]-(p) WITH g, count(p) AS members ORDER BY members DESC, g.id LIMIT 3 RETURN collect(g.id) AS biggest;

MATCH (g:Group)<-[:MEMBER_OF]-(p) WITH g, count(p) AS members ORDER BY members DESC, g.id LIMIT 3 RETURN sum(members) AS seats;

MATCH (p:Person) WITH p ORDER BY p.id WITH p.role AS role, collect(p.id) AS ids RETURN role, size(ids) AS n, ids[0] AS one ORDER BY n DESC, role LIMIT 5;

MATCH (p:Person) RETURN count(*) > 10 AS many;

MATCH (p:Person) RETURN count(*) * 2 AS twice, count(*) + 0.5 AS half_more;

MATCH (p:Person) WITH count(*) AS people MATCH (g:Group) RETURN people, count(g) AS groups;

MATCH (p:Person)-[:MEMBER_OF]->(g:Group) WITH g.level AS level, count(DISTINCT p) AS people WHERE people > 2 RETURN level, people ORDER BY level;

MATCH (p:Person) RETURN p.role AS role, count(*) AS n ORDER BY count(*) DESC, role LIMIT 3;

MATCH (p:Person) RETURN p.sector, count(*) ORDER BY count(*) DESC, p.sector LIMIT 3;

MATCH ()-[a:ATTENDS]->() RETURN min(a.last_attended) AS first, max(a.last_attended) AS last;

MATCH (p:Person) RETURN min(p.id) AS smallest, max(p.name) AS largest;

MATCH (g:Group)<-[m:MEMBER_OF]-() WITH g, m ORDER BY m.role RETURN g.id, collect(DISTINCT m.role) AS roles ORDER BY g.id LIMIT 10;

// refused
MATCH ()-[a:ATTENDS]->() RETURN stDev(a.rate);

// refused
MATCH ()-[a:ATTENDS]->() RETURN percentileCont(a.rate, 0.5);

// == strings ==

RETURN substring('hello', 1, 2) AS a, substring('hello', 0, 1) AS b, substring('hello', 2) AS c, substring('hello', 10) AS d;

MATCH (p:Person) RETURN substring(p.name, 0, 1) AS initial, count(*) ORDER BY initial;

MATCH (p:Person) RETURN p.id, substring(p.id, 2) AS number ORDER BY p.id LIMIT 5;

RETURN left('hello', 2) AS a, right('hello', 2) AS b, left('hi', 10) AS c, right('hi', 10) AS d;

MATCH (a:Agency) RETURN left(a.id, 3) AS prefix, count(*) ORDER BY prefix;

RETURN split('a,,b', ',') AS a, split(',a,', ',') AS b, split('', ',') AS c, split('abc', '') AS d;

RETURN split('one two three', ' ') AS words, size(split('one two three', ' ')) AS n;

MATCH (a:Agency) RETURN split(a.id, '-')[0] AS kind, count(*) ORDER BY kind;

MATCH (a:Agency) RETURN a.id, split(a.id, '-') AS parts ORDER BY a.id LIMIT 5;

RETURN trim('  padded  ') AS a, ltrim('  left') AS b, rtrim('right  ') AS c;

RETURN replace('a-b-c', '-', '+') AS a, replace('aaa', 'a', 'bb') AS b;

RETURN toUpper('Mixed Case') AS up, toLower('Mixed Case') AS down;

MATCH (p:Person) WHERE toLower(p.name) STARTS WITH 'a' RETURN count(p);

MATCH (p:Person) WHERE p.name STARTS WITH 'A' RETURN p.name ORDER BY p.name;

MATCH (p:Person) WHERE p.name ENDS WITH 'son' RETURN p.name ORDER BY p.name;

MATCH (p:Person) WHERE p.name CONTAINS 'an' RETURN count(p);

MATCH (g:Group) WHERE g.name CONTAINS 'mental health' RETURN count(g);

MATCH (p:Person) WHERE p.name =~ '[A-D].*' RETURN count(p);

MATCH (p:Person) WHERE p.name =~ '(?i)j.*' RETURN count(p);

RETURN reverse('abc') AS a, size('hello') AS b, toUpper(null) AS c, size(null) AS d;

MATCH (p:Person) RETURN p.name + ' (' + p.role + ')' AS label ORDER BY label LIMIT 5;

MATCH (p:Person) RETURN p.id + ': ' + coalesce(p.sector, '?') AS label ORDER BY label LIMIT 5;

RETURN 'count: ' + 3 AS a, 'rate: ' + 0.5 AS b, 3 + ' people' AS c;

RETURN 'a' + null AS a, null + 'b' AS b;

RETURN 'abc' < 'abd' AS a, 'B' < 'a' AS b, 'abc' = 'abc' AS c;

RETURN 'ab' || 'cd' AS joined;

MATCH (p:Person) WHERE p.name STARTS WITH null RETURN count(p);

RETURN 'x' STARTS WITH 1 AS a;

// refused
RETURN normalize('café') AS n;

RETURN substring('hello', 1, 0) AS empty, left('hello', 0) AS none;

// == numbers ==

RETURN 7 / 2 AS a, -7 / 2 AS b, 7 % 3 AS c, -7 % 3 AS d, 7.0 / 2 AS e, 2 ^ 3 AS f;

RETURN 1 + 2.5 AS a, 3 * 1.0 AS b, 10 - 0.5 AS c, 2 ^ 0.5 AS d;

RETURN 7.5 % 2 AS a, -7.5 % 2 AS b;

RETURN toInteger(3.7) AS a, toInteger(-3.7) AS b, toInteger('42') AS c, toInteger('x') AS d, toInteger('3.7') AS e, toInteger(null) AS f;

RETURN toInteger('+5') AS a, toInteger('1e3') AS b, toInteger(' 4') AS c, toInteger(true) AS d;

RETURN toFloat(3) AS a, toFloat('2.5') AS b, toFloat('x') AS c, toFloat(' 2 ') AS d, toFloat('1e3') AS e;

RETURN toString(2.0) AS a, toString(1.5) AS b, toString(100.0) AS c, toString(0.1) AS d, toString(-2.5) AS e;

RETURN toString(42) AS a, toString(true) AS b, toString('x') AS c, toString(null) AS d;

MATCH ()-[a:ATTENDS]->() RETURN toString(a.rate) AS rate, count(*) ORDER BY rate LIMIT 5;

MATCH ()-[f:FUNDS]->() RETURN toString(f.amount) AS amount ORDER BY amount;

RETURN toBoolean('true') AS a, toBoolean('FALSE') AS b, toBoolean('yes') AS c, toBoolean(0) AS d;

RETURN toIntegerOrNull('12') AS a, toIntegerOrNull('x') AS b, toFloatOrNull('1.5') AS c, toStringOrNull(12) AS d;

RETURN round(2.5) AS a, round(-2.5) AS b, round(2.567, 2) AS c, round(1.005, 2) AS d, round(-1.005, 2) AS e, round(2) AS f;

MATCH ()-[a:ATTENDS]->() RETURN round(avg(a.rate), 2) AS rate;

MATCH ()-[a:ATTENDS]->() RETURN round(100.0 * a.attended / a.held) AS pct, count(*) ORDER BY pct DESC LIMIT 5;

RETURN ceil(1.2) AS a, floor(1.8) AS b, ceil(1) AS c, floor(-1.5) AS d;

RETURN abs(-3) AS a, abs(-2.5) AS b, sign(-2.5) AS c, sign(0) AS d, sign(7) AS e;

RETURN sqrt(16) AS a, exp(0) AS b, log(e()) AS c, log10(1000) AS d, pi() > 3.14 AS e;

RETURN sin(0) AS a, cos(0) AS b, atan2(1, 1) * 4 AS c, degrees(pi()) AS d, radians(180) AS e;

RETURN rand() < 1.0 AS a, rand() >= 0 AS b;

RETURN 1 = 1.0 AS a, 2 > 1.5 AS b, 3 <= 3 AS c, 1 < 2 < 3 AS d, 3 > 2 > 2 AS e;

RETURN 1e3 AS a, 1.5e-3 AS b, 0x10 AS c, -0.0 = 0.0 AS d;

MATCH ()-[a:ATTENDS]->() WHERE a.held > 0 RETURN a.attended * 100 / a.held AS pct ORDER BY pct DESC LIMIT 5;

MATCH ()-[p:PARTNERS_WITH]->() RETURN p.spectrum + 0.5 AS half, p.spectrum / 2 AS whole ORDER BY half;

MATCH ()-[f:FUNDS]->() RETURN f.amount / 1000 AS thousands ORDER BY thousands;

MATCH ()-[f:FUNDS]->() RETURN toInteger(f.amount / 1000) AS thousands ORDER BY thousands;

RETURN isNaN(0.0 / 0.0) AS a, 1.0 / 0 AS b;

RETURN -(3) AS a, +3 AS b, -(-2.5) AS c;

RETURN 2 * 3 + 4 AS a, 2 * (3 + 4) AS b, 2 ^ 3 ^ 2 AS c, -2 ^ 2 AS d;

// == lists ==

RETURN range(1, 5) AS a, range(0, 10, 3) AS b, range(5, 1, -1) AS c, range(5, 1) AS d;

RETURN [1, 2, 3][0] AS a, [1, 2, 3][-1] AS b, [1, 2, 3][5] AS c, [1, 2, 3][-5] AS d;

RETURN [1, 2, 3, 4][1..3] AS a, [1, 2, 3, 4][..2] AS b, [1, 2, 3, 4][2..] AS c, [1, 2, 3, 4][-2..] AS d, [1, 2, 3, 4][..-1] AS e;

RETURN [1, 2, 3][2..1] AS a, [1, 2, 3][1..10] AS b, [1, 2, 3][-10..2] AS c, [][0] AS d;

RETURN head([1, 2, 3]) AS a, last([1, 2, 3]) AS b, tail([1, 2, 3]) AS c, head([]) AS d, last([]) AS e, tail([]) AS f;

RETURN size([1, 2, 3]) AS a, size([]) AS b, reverse([1, 2, 3]) AS c;

RETURN [1, 2] + [3] AS a, [1, 2] + 3 AS b, 0 + [1, 2] AS c, [] + [1] AS d;

RETURN [1, 2] = [1, 2] AS a, [1, 2] = [2, 1] AS b;

RETURN ['a', 'b'] + ['c'] AS letters;

// refused
RETURN [1, 2.5, 3] AS mixed;

// refused
RETURN [1, 'two', 3.0] AS mixed;

MATCH (p:Person) WITH p ORDER BY p.name, p.id WITH collect(p.id) AS ids RETURN ids[0] AS first, ids[-1] AS last, size(ids) AS n;

MATCH (p:Person) WITH p ORDER BY p.id WITH collect(p.id) AS ids RETURN ids[0..3] AS firsts, ids[-3..] AS lasts;

MATCH (p:Person) WITH p ORDER BY p.id WITH collect(p.id) AS ids RETURN head(ids) AS first, last(ids) AS last, size(tail(ids)) AS rest;

MATCH (p:Person) WITH p ORDER BY p.id WITH collect(p.id) AS ids UNWIND range(0, 4) AS i RETURN i, ids[i] AS id ORDER BY i;

MATCH (p:Person) WITH p ORDER BY p.id WITH collect(p.id) AS ids UNWIND range(1, 3) AS i RETURN i, ids[-i] AS id ORDER BY i;

UNWIND [[1, 2], [3, 4]] AS pair RETURN pair[0] AS a, pair[1] AS b ORDER BY a;

UNWIND range(1, 3) AS x UNWIND range(1, x) AS y RETURN x, y ORDER BY x, y;

UNWIND ['b', 'a', 'c'] AS letter RETURN letter ORDER BY letter;

UNWIND [] AS x RETURN count(*) AS none;

MATCH (p:Person) UNWIND [p.role, p.sector] AS tag RETURN tag, count(*) ORDER BY tag LIMIT 10;

RETURN size(range(1, 100)) AS n, range(1, 100)[99] AS last;

RETURN [x IN range(0, 5)][2..4] AS mid;

// params: {"i": 1}
RETURN [10, 20, 30][$i] AS item, [10, 20, 30][$i..] AS rest;

// == names ==

// refused
MATCH (g:group) RETURN count(g);

// refused
MATCH (p:person) RETURN count(p);

// refused
MATCH (p:Persn) RETURN count(p);

// refused
MATCH (p:Person)-[:member_of]->(g) RETURN count(*);

// refused
MATCH (p:Person)-[:MEMBEROF]->(g) RETURN count(*);

// refused
MATCH (p:Person) RETURN p.Name LIMIT 1;

// refused
MATCH (p:Person) RETURN p.nmae LIMIT 1;

// refused
MATCH (p:Person) WHERE p.post = 'manager' RETURN count(p);

// refused
MATCH (n) WHERE n:group RETURN count(n);

MATCH (group:Group) RETURN count(group);

MATCH (group:Group) RETURN group.level AS level, count(*) ORDER BY level;

MATCH (p:Person)-[:MEMBER_OF]->(group) RETURN group.id AS group, count(p) AS members ORDER BY members DESC, group LIMIT 5;

MATCH (g:Group) WITH g.level AS group, count(*) AS n RETURN group, n ORDER BY group;

MATCH (g:Group) RETURN {Group: g.id, level: g.level} AS m ORDER BY m.Group LIMIT 3;

// refused
MATCH (g:Group) RETURN {Group: g.id, group: g.level} AS m ORDER BY m.Group LIMIT 3;

MATCH (`Group`:Group) RETURN count(`Group`);

MATCH (n:`Group`) RETURN count(n) AS `the count`;

MATCH (match:Person) RETURN count(match) AS count;

MATCH (p:Person) RETURN p.name AS `Name of person` ORDER BY `Name of person` LIMIT 3;

MATCH (a:Agency:Sector_primary_care) RETURN count(a);

MATCH (n:Sector_social_care) RETURN labels(n)[0] AS label, count(*) ORDER BY label;

MATCH (n) WHERE n:Sector_commissioner RETURN count(n);

MATCH (p:Person) RETURN labels(p) AS labels, count(*) ORDER BY labels;

MATCH (a:Agency) RETURN labels(a) AS labels, count(*) ORDER BY labels;

MATCH (n) RETURN labels(n)[0] AS primary, count(*) ORDER BY primary;

MATCH (n:Person:Group) RETURN count(n);

MATCH (n:!Person) RETURN labels(n)[0] AS label, count(*) ORDER BY label;

MATCH (n:Person&Sector_primary_care) RETURN count(n);

// == parameters ==

// params: {"role": "gp"}
MATCH (p:Person {role: $role}) RETURN count(p);

// params: {"role": "manager"}
MATCH (p:Person) WHERE p.role = $role RETURN count(p);

// params: {"level": "area"}
MATCH (g:Group) WHERE g.level = $level RETURN g.id ORDER BY g.id;

// params: {"roles": ["gp", "cpn"]}
MATCH (p:Person) WHERE p.role IN $roles RETURN p.role, count(*) ORDER BY p.role;

// params: {"n": 3}
MATCH (p:Person) RETURN p.id ORDER BY p.id LIMIT $n;

// params: {"n": 2, "m": 3}
MATCH (p:Person) RETURN p.id ORDER BY p.id SKIP $n LIMIT $m;

// params: {"ids": ["p-001", "p-002", "kf-jcm"]}
UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN p.id, p.name ORDER BY p.id;

// params: {"from": "p-001", "to": "p-018"}
MATCH (a:Person {id: $from}), (b:Person {id: $to}) MATCH p = shortestPath((a)-[*..8]-(b)) RETURN length(p) AS hops;

// params: {"x": 2.5, "y": 2}
RETURN $x + $y AS a, $x * $y AS b, $y / 2 AS c;

// params: {"s": "Hello, World"}
RETURN substring($s, 7) AS a, split($s, ', ') AS b, toUpper($s) AS c, size($s) AS d;

// params: {"min": 0.5}
MATCH ()-[a:ATTENDS]->() WHERE a.rate >= $min RETURN count(*);

// params: {"prefix": "grp-"}
MATCH (g:Group) WHERE g.id STARTS WITH $prefix RETURN count(g);

// params: {"flag": true}
MATCH (p:Person) WHERE $flag RETURN count(p);

// params: {"nothing": null}
RETURN $nothing IS NULL AS missing, coalesce($nothing, 'default') AS value;

// params: {"xs": []}
RETURN size($xs) AS n, 1 IN $xs AS found;

// params: {"xs": [3, 1, 2]}
UNWIND $xs AS x RETURN x ORDER BY x;

// params: {"i": 0, "j": 2}
RETURN range($i, $j) AS r, [1, 2, 3, 4][$i..$j] AS s;

// params: {"level": "area", "role": "gp"}
MATCH (g:Group {level: $level}) WHERE EXISTS { MATCH (:Person {role: $role})-[:MEMBER_OF]->(g) } RETURN count(g);

// params: {"pattern": ".*[Pp]lanning.*"}
MATCH (g:Group) WHERE g.name =~ $pattern RETURN count(g);

// params: {"k": 2}
MATCH (p:Person)-[:MEMBER_OF]->(g) WITH p, count(g) AS n WHERE n >= $k RETURN count(p);

// params: {"key": "name"}
// refused
MATCH (p:Person) RETURN p[$key] LIMIT 1;

// refused
MATCH (p:Person) WHERE p.id = $missing RETURN count(p);

// == clauses ==

MATCH (p:Person) RETURN DISTINCT p.role ORDER BY p.role;

MATCH (p:Person) RETURN DISTINCT p.role AS role, p.sector AS sector ORDER BY role, sector;

MATCH (p:Person) RETURN p.id ORDER BY p.id DESC LIMIT 3;

MATCH (p:Person) RETURN p.id ORDER BY p.id SKIP 5 LIMIT 3;

MATCH (p:Person) RETURN p.name ORDER BY p.role, p.name LIMIT 5;

MATCH (p:Person) RETURN p.id AS id ORDER BY id LIMIT 3;

MATCH (p:Person) RETURN p ORDER BY p.id LIMIT 2;

MATCH (p:Person)-[e:EMPLOYED_BY]->(a) RETURN e ORDER BY e.attributes LIMIT 0;

MATCH (p:Person)-[m:MEMBER_OF]->(g) RETURN p.id, m, g.id ORDER BY p.id, g.id LIMIT 3;

MATCH (p:Person) WITH p WHERE p.role = 'gp' RETURN count(p);

MATCH (p:Person) WITH p.role AS role WHERE role STARTS WITH 's' RETURN DISTINCT role ORDER BY role;

MATCH (p:Person) WITH p, p.name AS name ORDER BY name LIMIT 3 RETURN p.id, name;

MATCH (p:Person) WITH * RETURN count(p);

MATCH (p:Person)-[:EMPLOYED_BY]->(a) WITH p, a RETURN * ORDER BY p.id LIMIT 2;

WITH 1 AS b, 2 AS a, 3 AS C RETURN *;

MATCH (p:Person) RETURN p.role AS x UNION MATCH (g:Group) RETURN g.level AS x;

MATCH (p:Person) RETURN p.role AS x UNION ALL MATCH (g:Group) RETURN g.level AS x;

MATCH (a:Agency) RETURN a.id AS id UNION MATCH (g:Group) RETURN g.id AS id;

UNWIND [1, 2, 3] AS x WITH x WHERE x > 1 RETURN collect(x) AS xs;

UNWIND range(1, 10) AS x WITH x, x % 3 AS r RETURN r, count(*) AS n, collect(x) AS xs ORDER BY r;

WITH 'literal' AS s RETURN s, size(s) AS n;

WITH [1, 2, 3] AS xs UNWIND xs AS x RETURN sum(x) AS total;

MATCH (p:Person) WITH count(p) AS n RETURN n, n * 2 AS twice;

MATCH (a:Agency) WITH a.sector AS sector, count(*) AS n ORDER BY n DESC, sector LIMIT 2 RETURN sector, n;

RETURN 1 AS one;

RETURN 1 AS x, 2 AS y;

RETURN 'text' AS s, true AS b, null AS n, 1.5 AS f;

MATCH (p:Person) WHERE p.id = 'p-001' SET p.name = 'x' RETURN p;

MATCH (p:Person) RETURN p.id, p.role ORDER BY p.role DESC, p.id LIMIT 5;

MATCH (g:Group) RETURN g.stage, count(*) ORDER BY g.stage;

MATCH (g:Group) RETURN g.stage, count(*) ORDER BY g.stage DESC;

MATCH (p:Person) RETURN count(p) AS n, 'people' AS what;

// == syntax ==

MATCH (p:Person) WHERE p.role != 'gp' RETURN count(p);

MATHC (p:Person) RETURN count(p);

MATCH (p:Person) RETRUN count(p);

MATCH (p:Person) RETURN count(p;

MATCH (p:Person) RETURN q.name;

MATCH (p:Person) RETURN p.role, count(*) ORDER BY count(*) DESC, p.role LIMIT 3;

RETURN 1 AS a, 2 AS a;

MATCH (p:Person) WITH p.name RETURN count(*);

// refused
CALL db.labels();

// refused
CALL db.labels() YIELD label RETURN label;

// refused
LOAD CSV WITH HEADERS FROM 'file:///people.csv' AS row RETURN row;

// refused
MATCH (p:Person) RETURN p.id ORDER BY p.id LIMIT 1; MATCH (g:Group) RETURN g.id LIMIT 1;

// refused
MATCH (p:Person) WHERE p.date > date('1998-01-01') RETURN count(p);

MATCH (m:Meeting) WHERE m.date > date('1998-01-01') RETURN count(m);

RETURN date('1998-03-12') AS d, date('1998-03-12') < date('1999-01-01') AS before;

MATCH (m:Meeting) WHERE m.date >= '1998-01-01' RETURN count(m);

// refused
MATCH (p:Person) RETURN id(p) LIMIT 1;

MATCH (a:Person)-[:MEMBER_OF]->(g)<-[:MEMBER_OF]-(b:Person) WHERE id(a) <> id(b) RETURN count(*);

// refused
MATCH (a:Person)-[:MEMBER_OF]->(g)<-[:MEMBER_OF]-(b:Person) WHERE id(a) < id(b) RETURN count(*);

// refused
RETURN apoc.text.join(['a', 'b'], ',') AS joined;

// refused
MATCH (n) RETURN datetime() AS now;

// == idioms ==

MATCH (p:Person) RETURN p.name ORDER BY p.name DESC SKIP 2 LIMIT 2;

MATCH (a:Agency) WHERE a.name =~ '.*Trust.*' RETURN count(*);

MATCH (p:Person)-[r]->(x) RETURN type(r), labels(x)[0], count(*) ORDER BY type(r), labels(x)[0];

MATCH (p:Person) WITH p.role AS role, count(*) AS n WHERE n > 5 RETURN role ORDER BY role;

MATCH (p:Person) RETURN DISTINCT size(p.name) AS len ORDER BY len LIMIT 5;

MATCH (p:Person) RETURN p.name STARTS WITH 'Dr' AS doctor, count(*) ORDER BY doctor;

MATCH (m:Meeting) RETURN substring(m.date, 0, 4) AS year, count(*) ORDER BY year;

MATCH (m:Meeting) RETURN toInteger(substring(m.date, 5, 2)) AS month, count(*) ORDER BY month;

MATCH (p:Person)-[a:ATTENDED]->(m) RETURN a.status, count(*) ORDER BY a.status;

MATCH (p:Person)-[a:ATTENDED]->(m) WITH p, sum(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END) AS present, count(a) AS total RETURN p.id, present, total, toFloat(present)/total AS rate ORDER BY rate DESC, p.id LIMIT 5;

MATCH (a:Agency) RETURN a.sector, count(*) AS n, round(100.0 * count(*) / 35, 1) AS pct ORDER BY a.sector;

MATCH (p:Person) WHERE p.name CONTAINS ' ' RETURN split(p.name, ' ')[0] AS first, count(*) ORDER BY count(*) DESC, first LIMIT 5;

MATCH (p:Person) RETURN toUpper(left(p.name, 1)) + toLower(substring(p.name, 1)) AS proper ORDER BY proper LIMIT 3;

UNWIND ['a', 'b'] AS x UNWIND [1, 2] AS y RETURN x + toString(y) AS combo ORDER BY combo;

MATCH (g:Group) WHERE g.stage IS NULL RETURN count(*);

MATCH (p:Person) RETURN p.sector, avg(size(p.name)) AS mean ORDER BY p.sector;

MATCH (p:Person)-[:EMPLOYED_BY]->(a:Agency) WHERE p.sector <> a.sector RETURN count(*);

MATCH (a:Agency)-[:PART_OF]->(b:Agency) RETURN b.name, count(a) ORDER BY count(a) DESC, b.name LIMIT 3;

MATCH (p:Person) OPTIONAL MATCH (p)-[:MEMBER_OF]->(g:Group) WITH p, count(g) AS seats RETURN seats, count(p) AS people ORDER BY seats;

MATCH (p:Person) WHERE p.role IN ['gp'] AND NOT EXISTS { (p)-[:ATTENDED]->() } RETURN count(p);

MATCH (p:Person) RETURN count(CASE WHEN p.sector = 'primary_care' THEN 1 END) AS primary, count(*) AS all;

MATCH (p:Person) RETURN sum(CASE p.sector WHEN 'social_care' THEN 1 ELSE 0 END) AS social;

MATCH (g:Group)<-[m:MEMBER_OF]-(p:Person) WITH g, collect(DISTINCT p.sector) AS sectors WHERE size(sectors) >= 3 RETURN count(g);

MATCH (g:Group)<-[m:MEMBER_OF]-(p:Person) WITH g, count(DISTINCT p.sector) AS s RETURN max(s), min(s), avg(s);

MATCH p=(a:Agency)-[:PART_OF*1..]->(b) RETURN length(p) AS len, count(*) ORDER BY len;

MATCH (a:Person)-[:LIAISES_WITH]-(b:Person) RETURN count(*);

MATCH (a:Person)-[l:LIAISES_WITH]->(b) WHERE l.frequency >= 2 RETURN a.id, b.id, l.frequency ORDER BY l.frequency DESC, a.id, b.id LIMIT 5;

MATCH (a)-[f:FUNDS]->(b) RETURN labels(b)[0] AS to, sum(f.amount) AS total ORDER BY to;

MATCH (a)-[f:FUNDS]->(b) RETURN f.year, sum(f.amount) ORDER BY f.year;

MATCH (p:Person) RETURN coalesce(p.role, '?') + '/' + coalesce(p.sector, '?') AS k, count(*) ORDER BY count(*) DESC, k LIMIT 5;

WITH range(1, 5) AS xs RETURN [x IN xs | x * 1.5] AS f;

MATCH (p:Person) WITH p LIMIT 5 RETURN count(*);

MATCH (p:Person) RETURN p.name ORDER BY size(p.name) DESC, p.name LIMIT 3;

MATCH (p:Person) WHERE p.name >= 'M' RETURN count(*);

MATCH (m:Meeting) WHERE m.date STARTS WITH '1998' RETURN count(*);

MATCH (g:Group) RETURN g.name, g.level ORDER BY g.level, g.name SKIP 3 LIMIT 3;

RETURN toString(1.0/3) AS a, toString(1e10) AS b, toString(0.000123) AS c;

MATCH ()-[a:ATTENDS]->() RETURN avg(a.rate) * 100 AS pct;

MATCH ()-[a:ATTENDS]->() WHERE a.last_attended IS NOT NULL RETURN max(a.last_attended);

MATCH (p:Person {role: 'gp'})-[a:ATTENDS]->(g:Group) RETURN p.name, sum(a.attended) AS went, sum(a.held) AS held, round(toFloat(sum(a.attended)) / sum(a.held), 2) AS rate ORDER BY rate, p.name LIMIT 5;

MATCH (g:Group)<-[:HELD_BY]-(m:Meeting)<-[a:ATTENDED]-(p:Person) WHERE a.status = 'present' RETURN g.id, count(DISTINCT p) AS people, count(DISTINCT m) AS meetings ORDER BY g.id LIMIT 5;

MATCH (p:Person) WITH p.sector AS sector, collect(p) AS people RETURN sector, size(people) AS n ORDER BY n DESC, sector;

MATCH (a:Agency {kind: 'gp_practice'})<-[:EMPLOYED_BY]-(p) RETURN a.name, count(p) AS staff ORDER BY staff DESC, a.name LIMIT 3;

MATCH (p:Person) WHERE NOT p.sector IN ['primary_care', 'social_care'] OR p.sector IS NULL RETURN count(*);

MATCH (x) WHERE x:Person OR x:Agency RETURN labels(x)[0] AS l, count(*) ORDER BY l;

MATCH (n) WHERE n.name IS NOT NULL RETURN labels(n)[0] AS l, count(*) ORDER BY l;

MATCH (p:Person) RETURN p.id ORDER BY p.id LIMIT 1 UNION ALL MATCH (g:Group) RETURN g.id AS `p.id` ORDER BY `p.id` LIMIT 1;

MATCH (p:Person)-[:MEMBER_OF]->(g:Group) WHERE g.level = 'area' WITH g, collect(p.role) AS roles RETURN g.id, 'gp' IN roles AS has_gp ORDER BY g.id;

MATCH (p:Person) WITH p, size(p.name) AS len WHERE len > 12 RETURN count(*);

RETURN 0.1 + 0.2 AS a, 0.1 + 0.2 = 0.3 AS b, 10 / 3.0 AS c, 2 ^ -1 AS d;
