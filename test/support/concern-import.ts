import type { WebClient } from './web-client.ts';

/**
 * Takes a coordinator's concern history import as far as its preview, with one department name
 * Haven does not know left to map, so every step's form is on its page.
 */
export async function startConcernImport(coordinator: WebClient): Promise<void> {
  await coordinator.get('/insight/import');
  const file = Buffer.from(
    'Case Ref,Date Logged,Department,Concern Type\nPREV-1,01/03/2024 10:00,Housing Services,Domestic abuse\nPREV-2,02/03/2024 10:00,Old Dept,Domestic abuse\n',
  );
  await coordinator.postFile('/insight/import', {}, { name: 'history.csv', type: 'text/csv', bytes: file });
  await coordinator.get('/insight/import/columns');
  await coordinator.post('/insight/import/columns', {
    reference: '0',
    receivedAt: '1',
    serviceArea: '2',
    categories: '3',
    dateFormat: 'dd/mm/yyyy hh:mm',
    categorySeparator: ';',
  });
}
