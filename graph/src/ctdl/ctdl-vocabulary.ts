/**
 * The CTDL terms the converter understands and how each maps onto the bundle's vocabularies.
 * Terms are written in their canonical prefixed form (`ceterms:BachelorDegree`); the JSON-LD
 * reader turns full IRIs, other prefixes and bare terms into this form first.
 */
import type { Bundle } from '../model/bundle.ts';

type CredentialType = NonNullable<Bundle['credentials']>[number]['type'];
type PartnerKind = NonNullable<Bundle['partners']>[number]['kind'];
type Modality = NonNullable<NonNullable<Bundle['programs']>[number]['modality']>;
type Schedule = NonNullable<NonNullable<Bundle['programs']>[number]['schedules']>[number];

export const CTDL_CONTEXT = 'https://credreg.net/ctdl/schema/context/json';
export const REGISTRY_RESOURCES = 'https://credentialengineregistry.org/resources/';

/**
 * `ceterms:identifier` type names by which a component names an entity of the graph a document
 * came from without defining it (the route documents of route-pathway.ts): the importer takes
 * such a component as a reference to that entity (`ceterms:identifierValueCode` its id; a work
 * step's is `FROM>TO`, the two occupation ids), not as a new entity.
 */
export const GRAPH_REFERENCE = {
  program: 'pathway-graph program',
  credential: 'pathway-graph credential',
  occupation: 'pathway-graph occupation',
  work: 'pathway-graph work step',
} as const;
export type GraphReferenceKind = keyof typeof GRAPH_REFERENCE;

/** Canonical prefix → namespace IRI. */
export const NAMESPACES: Readonly<Record<string, string>> = {
  ceterms: 'https://purl.org/ctdl/terms/',
  ceasn: 'https://purl.org/ctdlasn/terms/',
  asn: 'http://purl.org/ASN/schema/core/',
  schema: 'https://schema.org/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dcterms: 'http://purl.org/dc/terms/',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  qdata: 'https://credreg.net/qdata/terms/',
  navy: 'https://credreg.net/navy/terms/',
};

/** Other spellings of the CTDL namespaces seen in published documents. */
export const NAMESPACE_ALIASES: Readonly<Record<string, string>> = {
  'credreg.net/ctdl/terms/': 'ceterms',
  'credreg.net/ctdlasn/terms/': 'ceasn',
};

/** CTDL credential classes → the bundle's credential type. */
export const CREDENTIAL_CLASSES: Readonly<Record<string, CredentialType>> = {
  'ceterms:Credential': 'Other',
  'ceterms:Degree': 'Other',
  'ceterms:Diploma': 'Other',
  'ceterms:QualityAssuranceCredential': 'Other',
  'ceterms:SecondarySchoolDiploma': 'HighSchoolDiploma',
  'ceterms:GeneralEducationDevelopment': 'HighSchoolEquivalency',
  'ceterms:Certificate': 'Certificate',
  'ceterms:AcademicCertificate': 'Certificate',
  'ceterms:BasicTechnicalCertificate': 'Certificate',
  'ceterms:CertificateOfCompletion': 'Certificate',
  'ceterms:CertificateOfParticipation': 'Certificate',
  'ceterms:ProfessionalCertificate': 'Certificate',
  'ceterms:Certification': 'IndustryCertification',
  'ceterms:License': 'License',
  'ceterms:ApprenticeshipCertificate': 'ApprenticeshipCertificate',
  'ceterms:JourneymanCertificate': 'ApprenticeshipCertificate',
  'ceterms:MasterCertificate': 'ApprenticeshipCertificate',
  'ceterms:PreApprenticeshipCertificate': 'Certificate',
  'ceterms:AssociateDegree': 'Associate',
  'ceterms:AssociateOfAppliedArtsDegree': 'Associate',
  'ceterms:AssociateOfAppliedScienceDegree': 'Associate',
  'ceterms:AssociateOfArtsDegree': 'Associate',
  'ceterms:AssociateOfScienceDegree': 'Associate',
  'ceterms:BachelorDegree': 'Bachelor',
  'ceterms:BachelorOfArtsDegree': 'Bachelor',
  'ceterms:BachelorOfScienceDegree': 'Bachelor',
  'ceterms:MasterDegree': 'Master',
  'ceterms:MasterOfArtsDegree': 'Master',
  'ceterms:MasterOfScienceDegree': 'Master',
  'ceterms:SpecialistDegree': 'Master',
  'ceterms:DoctoralDegree': 'Doctorate',
  'ceterms:ProfessionalDoctorate': 'Doctorate',
  'ceterms:ResearchDoctorate': 'Doctorate',
  'ceterms:Badge': 'MicroCredential',
  'ceterms:DigitalBadge': 'MicroCredential',
  'ceterms:OpenBadge': 'MicroCredential',
  'ceterms:MicroCredential': 'MicroCredential',
};

/** The class each bundle credential type is exported as (maps back to the same type). */
export const CREDENTIAL_TYPE_CLASS: Readonly<Record<CredentialType, string>> = {
  HighSchoolDiploma: 'ceterms:SecondarySchoolDiploma',
  HighSchoolEquivalency: 'ceterms:GeneralEducationDevelopment',
  Certificate: 'ceterms:Certificate',
  IndustryCertification: 'ceterms:Certification',
  License: 'ceterms:License',
  ApprenticeshipCertificate: 'ceterms:ApprenticeshipCertificate',
  Associate: 'ceterms:AssociateDegree',
  Bachelor: 'ceterms:BachelorDegree',
  Master: 'ceterms:MasterDegree',
  Doctorate: 'ceterms:DoctoralDegree',
  MicroCredential: 'ceterms:MicroCredential',
  Other: 'ceterms:Credential',
};

export const LEARNING_CLASSES = new Set([
  'ceterms:LearningProgram',
  'ceterms:Course',
  'ceterms:LearningOpportunityProfile',
  'ceterms:LearningOpportunity',
]);

export const ORGANIZATION_CLASSES = new Set([
  'ceterms:CredentialOrganization',
  'ceterms:QACredentialOrganization',
  'ceterms:Organization',
]);

export const OCCUPATION_CLASSES = new Set(['ceterms:Occupation', 'ceterms:Job', 'ceterms:WorkRole']);

/** What a pathway component stands for in the bundle. */
export type ComponentRole = 'credential' | 'step' | 'job' | 'selection';

export const COMPONENT_CLASSES: Readonly<Record<string, ComponentRole>> = {
  'ceterms:CredentialComponent': 'credential',
  'ceterms:CourseComponent': 'step',
  'ceterms:AssessmentComponent': 'step',
  'ceterms:BasicComponent': 'step',
  'ceterms:CocurricularComponent': 'step',
  'ceterms:ExtracurricularComponent': 'step',
  'ceterms:CompetencyComponent': 'step',
  'ceterms:WorkExperienceComponent': 'step',
  'ceterms:JobComponent': 'job',
  'ceterms:SelectionComponent': 'selection',
  'ceterms:MultiComponent': 'selection',
  'ceterms:PathwayComponent': 'step',
};

/** `ceterms:agentType` concepts (orgType:…) → partner kind; anything else is Other. */
export const ORGANIZATION_TYPES: Readonly<Record<string, PartnerKind>> = {
  TwoYear: 'CommunityCollege',
  Technical: 'CommunityCollege',
  FourYear: 'University',
  HighSchool: 'K12',
  SecondarySchool: 'K12',
  UpperSecondarySchool: 'K12',
  PrimarySchool: 'K12',
  Magnet: 'K12',
  Business: 'Employer',
  Vendor: 'Employer',
  LaborUnion: 'Union',
  Government: 'StateAgency',
  Regulator: 'StateAgency',
};

/** The organization type each partner kind is exported as, when CTDL has one. */
export const PARTNER_KIND_ORGANIZATION_TYPE: Readonly<Partial<Record<PartnerKind, string>>> = {
  CommunityCollege: 'orgType:TwoYear',
  University: 'orgType:FourYear',
  K12: 'orgType:SecondarySchool',
  Employer: 'orgType:Business',
  Union: 'orgType:LaborUnion',
  StateAgency: 'orgType:Government',
};

/**
 * Partner kinds CTDL has no organization type for are exported as an alignment that carries
 * only this name; the importer reads the name back.
 */
export const PARTNER_KIND_LABELS: Readonly<Record<PartnerKind, string>> = {
  K12: 'K-12 School',
  AdultEducation: 'Adult Education Provider',
  CommunityCollege: 'Community College',
  University: 'University',
  WorkforceBoard: 'Workforce Board',
  JobCenter: 'Job Center',
  Employer: 'Employer',
  Union: 'Labor Union',
  ApprenticeshipSponsor: 'Apprenticeship Sponsor',
  CommunityOrganization: 'Community Organization',
  SocialServices: 'Social Services',
  StateAgency: 'State Agency',
  Other: 'Other',
};

/** `ceterms:deliveryType` concepts → modality. */
export const DELIVERY_TYPES: Readonly<Record<string, Modality>> = {
  InPerson: 'in-person',
  OnlineOnly: 'online',
  OnlineDelivery: 'online',
  Online: 'online',
  BlendedDelivery: 'hybrid',
  BlendedLearning: 'hybrid',
  Blended: 'hybrid',
};

export const MODALITY_DELIVERY_TYPE: Readonly<Record<Modality, string>> = {
  'in-person': 'deliveryType:InPerson',
  online: 'deliveryType:OnlineOnly',
  hybrid: 'deliveryType:BlendedDelivery',
};

/** `ceterms:scheduleTimingType` / `ceterms:scheduleFrequencyType` concepts → schedule. */
export const SCHEDULE_CONCEPTS: Readonly<Record<string, Schedule>> = {
  Daytime: 'day',
  Evening: 'evening',
  Weekends: 'weekend',
  Weekend: 'weekend',
  SelfPaced: 'self-paced',
};

export const SCHEDULE_EXPORT: Readonly<Record<Schedule, { term: string; concept: string }>> = {
  day: { term: 'ceterms:scheduleTimingType', concept: 'scheduleTiming:Daytime' },
  evening: { term: 'ceterms:scheduleTimingType', concept: 'scheduleTiming:Evening' },
  weekend: { term: 'ceterms:scheduleTimingType', concept: 'scheduleTiming:Weekends' },
  'self-paced': { term: 'ceterms:scheduleFrequencyType', concept: 'scheduleFrequency:SelfPaced' },
};

/** The concept's local name: `deliveryType:InPerson`, `https://…/Delivery/InPerson` → `InPerson`. */
export function conceptName(value: string): string {
  const match = /[^:/#]+$/.exec(value.trim());
  return match ? match[0] : value.trim();
}

const DAYS_PER_MONTH = 365.2425 / 12;

/**
 * An ISO 8601 duration (`P9M`, `P2Y`, `P1Y6M`, `P10W`, `PT40H`, `P4.5M`) in months: years × 12,
 * days and weeks over 30.44 days a month, hours over 730.5 hours a month. Undefined when the
 * text is not such a duration.
 */
export function isoDurationMonths(text: string): number | undefined {
  const match =
    /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i.exec(
      text.trim(),
    );
  if (!match || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return undefined;
  const n = (i: number) => (match[i] === undefined ? 0 : Number(match[i]?.replace(',', '.')));
  const [years, months, weeks, days, hours, minutes, seconds] = [n(1), n(2), n(3), n(4), n(5), n(6), n(7)];
  const calendar = years * 12 + months;
  const fromDays = (weeks * 7 + days) / DAYS_PER_MONTH;
  const fromTime = (hours + minutes / 60 + seconds / 3600) / (DAYS_PER_MONTH * 24);
  const extra = fromDays + fromTime;
  // Whole years and months stay exact; converted days and hours are rounded to 0.01 month.
  return extra === 0 ? calendar : calendar + Math.round(extra * 100) / 100;
}

/** Months as an ISO 8601 duration that {@link isoDurationMonths} reads back exactly. */
export function monthsIsoDuration(months: number): string {
  const text = String(months);
  return `P${text.includes('e') ? months.toFixed(12).replace(/\.?0+$/, '') : text}M`;
}
