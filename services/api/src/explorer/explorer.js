// A small self-hosted GraphQL explorer (GraphiQL loads its code from a CDN, which a closed
// network or a strict CSP cannot reach).
const examples = {
  'About the graph': '{ about { version neo4jVersion counts { label count } } }',
  'Routes for an English learner': `{
  routes(input: { regionId: "tx-hidalgo", entryPointId: "ep-english-learner", limit: 3 }) {
    threshold
    routes { rank totalMonths totalCost creditsGranted familySupporting
      destination { id title } destinationWage
      steps { program { id name } provider { name } months cost creditsGranted supports { kind } missingSupports }
      exitPoints { credential { id } occupation { title } medianAnnual familySupporting } }
  }
}`,
  'Gaps in a region': '{ gaps(filter: { regionId: "tx-hidalgo" }) { kind severity subjectId message relatedIds } }',
  'Map of a pathway':
    '{ map(filter: { pathwayId: "pw-nursing-ladder" }) { nodes { id kind label } edges { source target kind } } }',
  Search: '{ search(text: "nurse") { kind score node { id label } } }',
};
const $ = (id) => document.getElementById(id);
const select = $('examples');
for (const name of Object.keys(examples)) {
  const option = document.createElement('option');
  option.textContent = name;
  select.append(option);
}
$('query').value = examples['About the graph'];
select.addEventListener('change', () => {
  $('query').value = examples[select.value];
});

async function run() {
  let variables = {};
  try {
    variables = JSON.parse($('variables').value || '{}');
  } catch (error) {
    $('result').textContent = `Variables are not valid JSON: ${error.message}`;
    return;
  }
  $('result').textContent = 'Running…';
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: $('query').value, variables }),
  });
  $('result').textContent = JSON.stringify(await response.json(), null, 2);
}
$('run').addEventListener('click', run);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) run();
});
fetch('/graphiql/schema.graphql')
  .then((r) => r.text())
  .then((text) => {
    $('schema').textContent = text;
  });
