/**
 * The Enterprise User extension, RFC 7643 §4.3 as published in §8.7.1, with
 * erratum 8472 (verified: `manager.value` carries an id, so it is caseExact).
 */
import { attr, complex } from './attribute-def.js';
import type { SchemaDef } from './types.js';

export const ENTERPRISE_USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export const ENTERPRISE_USER_SCHEMA: SchemaDef = {
  id: ENTERPRISE_USER_SCHEMA_ID,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attr('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization.'),
    attr('costCenter', 'Identifies the name of a cost center.'),
    attr('organization', 'Identifies the name of an organization.'),
    attr('division', 'Identifies the name of a division.'),
    attr('department', 'Identifies the name of a department.'),
    complex(
      'manager',
      "The User's manager.  A complex type that optionally allows service providers to represent organizational hierarchy by referencing the 'id' attribute of another User.",
      [
        attr('value', "The id of the SCIM resource representing the User's manager.  REQUIRED.", { caseExact: true }),
        attr('$ref', "The URI of the SCIM resource representing the User's manager.  REQUIRED.", {
          type: 'reference',
          referenceTypes: ['User'],
        }),
        // RFC 7643 §4.3: the server fills it in; clients cannot set it.
        attr('displayName', "The displayName of the User's manager.  OPTIONAL and READ-ONLY.", { mutability: 'readOnly' }),
      ],
    ),
  ],
};
