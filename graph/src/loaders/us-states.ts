/**
 * States, the District of Columbia and the territories OEWS publishes, by their two-digit FIPS
 * code. Region ids follow the project's scheme (graph/sample/README.md): the postal code in
 * lower case (`tx`), under the country region `us`.
 */
import type { Region } from '../model/bundle.ts';

export interface UsState {
  fips: string;
  postal: string;
  name: string;
  territory?: boolean;
}

const STATES: readonly UsState[] = [
  { fips: '01', postal: 'AL', name: 'Alabama' },
  { fips: '02', postal: 'AK', name: 'Alaska' },
  { fips: '04', postal: 'AZ', name: 'Arizona' },
  { fips: '05', postal: 'AR', name: 'Arkansas' },
  { fips: '06', postal: 'CA', name: 'California' },
  { fips: '08', postal: 'CO', name: 'Colorado' },
  { fips: '09', postal: 'CT', name: 'Connecticut' },
  { fips: '10', postal: 'DE', name: 'Delaware' },
  { fips: '11', postal: 'DC', name: 'District of Columbia' },
  { fips: '12', postal: 'FL', name: 'Florida' },
  { fips: '13', postal: 'GA', name: 'Georgia' },
  { fips: '15', postal: 'HI', name: 'Hawaii' },
  { fips: '16', postal: 'ID', name: 'Idaho' },
  { fips: '17', postal: 'IL', name: 'Illinois' },
  { fips: '18', postal: 'IN', name: 'Indiana' },
  { fips: '19', postal: 'IA', name: 'Iowa' },
  { fips: '20', postal: 'KS', name: 'Kansas' },
  { fips: '21', postal: 'KY', name: 'Kentucky' },
  { fips: '22', postal: 'LA', name: 'Louisiana' },
  { fips: '23', postal: 'ME', name: 'Maine' },
  { fips: '24', postal: 'MD', name: 'Maryland' },
  { fips: '25', postal: 'MA', name: 'Massachusetts' },
  { fips: '26', postal: 'MI', name: 'Michigan' },
  { fips: '27', postal: 'MN', name: 'Minnesota' },
  { fips: '28', postal: 'MS', name: 'Mississippi' },
  { fips: '29', postal: 'MO', name: 'Missouri' },
  { fips: '30', postal: 'MT', name: 'Montana' },
  { fips: '31', postal: 'NE', name: 'Nebraska' },
  { fips: '32', postal: 'NV', name: 'Nevada' },
  { fips: '33', postal: 'NH', name: 'New Hampshire' },
  { fips: '34', postal: 'NJ', name: 'New Jersey' },
  { fips: '35', postal: 'NM', name: 'New Mexico' },
  { fips: '36', postal: 'NY', name: 'New York' },
  { fips: '37', postal: 'NC', name: 'North Carolina' },
  { fips: '38', postal: 'ND', name: 'North Dakota' },
  { fips: '39', postal: 'OH', name: 'Ohio' },
  { fips: '40', postal: 'OK', name: 'Oklahoma' },
  { fips: '41', postal: 'OR', name: 'Oregon' },
  { fips: '42', postal: 'PA', name: 'Pennsylvania' },
  { fips: '44', postal: 'RI', name: 'Rhode Island' },
  { fips: '45', postal: 'SC', name: 'South Carolina' },
  { fips: '46', postal: 'SD', name: 'South Dakota' },
  { fips: '47', postal: 'TN', name: 'Tennessee' },
  { fips: '48', postal: 'TX', name: 'Texas' },
  { fips: '49', postal: 'UT', name: 'Utah' },
  { fips: '50', postal: 'VT', name: 'Vermont' },
  { fips: '51', postal: 'VA', name: 'Virginia' },
  { fips: '53', postal: 'WA', name: 'Washington' },
  { fips: '54', postal: 'WV', name: 'West Virginia' },
  { fips: '55', postal: 'WI', name: 'Wisconsin' },
  { fips: '56', postal: 'WY', name: 'Wyoming' },
  { fips: '60', postal: 'AS', name: 'American Samoa', territory: true },
  { fips: '66', postal: 'GU', name: 'Guam', territory: true },
  { fips: '69', postal: 'MP', name: 'Northern Mariana Islands', territory: true },
  { fips: '72', postal: 'PR', name: 'Puerto Rico', territory: true },
  { fips: '78', postal: 'VI', name: 'Virgin Islands', territory: true },
];

const BY_FIPS = new Map(STATES.map((s) => [s.fips, s]));
const BY_POSTAL = new Map(STATES.map((s) => [s.postal, s]));

/** By FIPS (`53`, `5`, `530000`) or postal code (`WA`, `wa`). */
export function findState(code: string): UsState | undefined {
  const text = code.trim();
  if (/^[A-Za-z]{2}$/.test(text)) return BY_POSTAL.get(text.toUpperCase());
  if (/^\d{1,2}$/.test(text)) return BY_FIPS.get(text.padStart(2, '0'));
  // OEWS writes some state areas with trailing zeros (e.g. 530000 in older files).
  if (/^\d{6,7}$/.test(text) && /^0+$/.test(text.slice(2))) return BY_FIPS.get(text.slice(0, 2));
  return undefined;
}

export const US_REGION: Region = { id: 'us', name: 'United States', kind: 'other' };

export const stateRegionId = (state: UsState): string => state.postal.toLowerCase();

export function stateRegion(state: UsState): Region {
  return {
    id: stateRegionId(state),
    name: state.name,
    kind: state.territory ? 'other' : 'state',
    fips: [state.fips],
    parentId: US_REGION.id,
  };
}
