/**
 * The User schema, RFC 7643 §4.1 as published in §8.7.1, with the verified
 * errata applied (8471: `groups.$ref` refers to Groups only).
 */
import { attr, complex, multiValuedParts } from './attribute-def.js';
import type { SchemaDef } from './types.js';

export const USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:User';

const TYPE_LABEL = "A label indicating the attribute's function, e.g., 'work' or 'home'.";

export const USER_SCHEMA: SchemaDef = {
  id: USER_SCHEMA_ID,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr(
      'userName',
      "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. Each User MUST include a non-empty userName value.  This identifier MUST be unique across the service provider's entire set of Users. REQUIRED.",
      { required: true, uniqueness: 'server' },
    ),
    complex(
      'name',
      "The components of the user's real name. Providers MAY return just the full name as a single string in the formatted sub-attribute, or they MAY return just the individual component attributes using the other sub-attributes, or they MAY return both.  If both variants are returned, they SHOULD be describing the same name, with the formatted name indicating how the component attributes should be combined.",
      [
        attr(
          'formatted',
          "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display (e.g., 'Ms. Barbara J Jensen, III').",
        ),
        attr('familyName', "The family name of the User, or last name in most Western languages (e.g., 'Jensen' given the full name 'Ms. Barbara J Jensen, III')."),
        attr('givenName', "The given name of the User, or first name in most Western languages (e.g., 'Barbara' given the full name 'Ms. Barbara J Jensen, III')."),
        attr('middleName', "The middle name(s) of the User (e.g., 'Jane' given the full name 'Ms. Barbara J Jensen, III')."),
        attr('honorificPrefix', "The honorific prefix(es) of the User, or title in most Western languages (e.g., 'Ms.' given the full name 'Ms. Barbara J Jensen, III')."),
        attr('honorificSuffix', "The honorific suffix(es) of the User, or suffix in most Western languages (e.g., 'III' given the full name 'Ms. Barbara J Jensen, III')."),
      ],
    ),
    attr(
      'displayName',
      'The name of the User, suitable for display to end-users.  The name SHOULD be the full name of the User being described, if known.',
    ),
    attr('nickName', "The casual way to address the user in real life, e.g., 'Bob' or 'Bobby' instead of 'Robert'.  This attribute SHOULD NOT be used to represent a User's username (e.g., 'bjensen' or 'mpepperidge')."),
    attr('profileUrl', "A fully qualified URL pointing to a page representing the User's online profile.", {
      type: 'reference',
      referenceTypes: ['external'],
    }),
    attr('title', "The user's title, such as \"Vice President.\""),
    attr(
      'userType',
      "Used to identify the relationship between the organization and the user.  Typical values used might be 'Contractor', 'Employee', 'Intern', 'Temp', 'External', and 'Unknown', but any value may be used.",
    ),
    attr(
      'preferredLanguage',
      "Indicates the User's preferred written or spoken language.  Generally used for selecting a localized user interface; e.g., 'en_US' specifies the language English and country US.",
    ),
    attr(
      'locale',
      "Used to indicate the User's default location for purposes of localizing items such as currency, date time format, or numerical representations.",
    ),
    attr('timezone', "The User's time zone in the 'Olson' time zone database format, e.g., 'America/Los_Angeles'."),
    attr('active', "A Boolean value indicating the User's administrative status.", { type: 'boolean' }),
    // RFC 7643 §4.1.1: never returned, in clear or hashed form.
    attr(
      'password',
      "The User's cleartext password.  This attribute is intended to be used as a means to specify an initial password when creating a new User or to reset an existing User's password.",
      { mutability: 'writeOnly', returned: 'never' },
    ),
    complex(
      'emails',
      "Email addresses for the user.  The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'. Canonical type values of 'work', 'home', and 'other'.",
      multiValuedParts(
        "Email addresses for the user.  The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'. Canonical type values of 'work', 'home', and 'other'.",
        TYPE_LABEL,
        ['work', 'home', 'other'],
      ),
      { multiValued: true },
    ),
    complex(
      'phoneNumbers',
      "Phone numbers for the User.  The value SHOULD be canonicalized by the service provider according to the format specified in RFC 3966, e.g., 'tel:+1-201-555-0123'. Canonical type values of 'work', 'home', 'mobile', 'fax', 'pager', and 'other'.",
      multiValuedParts(
        'Phone number of the User.',
        "A label indicating the attribute's function, e.g., 'work', 'home', 'mobile'.",
        ['work', 'home', 'mobile', 'fax', 'pager', 'other'],
      ),
      { multiValued: true },
    ),
    complex(
      'ims',
      'Instant messaging addresses for the User.',
      multiValuedParts(
        'Instant messaging address for the User.',
        "A label indicating the attribute's function, e.g., 'aim', 'gtalk', 'xmpp'.",
        ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'],
      ),
      { multiValued: true },
    ),
    complex(
      'photos',
      'URLs of photos of the User.',
      multiValuedParts(
        'URL of a photo of the User.',
        "A label indicating the attribute's function, i.e., 'photo' or 'thumbnail'.",
        ['photo', 'thumbnail'],
        { type: 'reference', referenceTypes: ['external'] },
      ),
      { multiValued: true },
    ),
    complex(
      'addresses',
      'A physical mailing address for this User. Canonical type values of \'work\', \'home\', and \'other\'.  This attribute is a complex type with the following sub-attributes.',
      [
        attr('formatted', 'The full mailing address, formatted for display or use with a mailing label.  This attribute MAY contain newlines.'),
        attr(
          'streetAddress',
          'The full street address component, which may include house number, street name, P.O. box, and multi-line extended street address information.  This attribute MAY contain newlines.',
        ),
        attr('locality', 'The city or locality component.'),
        attr('region', 'The state or region component.'),
        attr('postalCode', 'The zip code or postal code component.'),
        attr('country', 'The country name component.'),
        attr('type', TYPE_LABEL, { canonicalValues: ['work', 'home', 'other'] }),
        // RFC 7643 §2.4 and the §4.1.2 examples give addresses a `primary` flag.
        attr('primary', "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g., the preferred mailing address.  The primary attribute value 'true' MUST appear no more than once.", { type: 'boolean' }),
      ],
      { multiValued: true },
    ),
    // RFC 7643 §4.1.2: membership is changed through the Group, so every part is readOnly.
    complex(
      'groups',
      "A list of groups to which the user belongs, either through direct membership, through nested groups, or dynamically calculated.",
      [
        attr('value', "The identifier of the User's group.", { mutability: 'readOnly' }),
        // Erratum 8471 (verified): `$ref` refers to Group resources only.
        attr('$ref', "The URI of the corresponding 'Group' resource to which the user belongs.", {
          type: 'reference',
          referenceTypes: ['Group'],
          mutability: 'readOnly',
        }),
        attr('display', 'A human-readable name, primarily used for display purposes.  READ-ONLY.', {
          mutability: 'readOnly',
        }),
        attr('type', "A label indicating the attribute's function, e.g., 'direct' or 'indirect'.", {
          canonicalValues: ['direct', 'indirect'],
          mutability: 'readOnly',
        }),
      ],
      { multiValued: true, mutability: 'readOnly' },
    ),
    complex(
      'entitlements',
      'A list of entitlements for the User that represent a thing the User has.',
      multiValuedParts('The value of an entitlement.', "A label indicating the attribute's function.", undefined),
      { multiValued: true },
    ),
    complex(
      'roles',
      'A list of roles for the User that collectively represent who the User is, e.g., \'Student\', \'Faculty\'.',
      multiValuedParts('The value of a role.', "A label indicating the attribute's function.", []),
      { multiValued: true },
    ),
    complex(
      'x509Certificates',
      'A list of certificates issued to the User.',
      multiValuedParts('The value of an X.509 certificate.', "A label indicating the attribute's function.", undefined, {
        type: 'binary',
        // RFC 7643 §2.3.6: binary values are compared case-exactly.
        caseExact: true,
      }),
      { multiValued: true },
    ),
  ],
};
