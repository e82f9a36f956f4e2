
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "public": {
          Tables: {
            "contact_messages": {
                  Row: {
                    "created_at": string,"email": string,"id": number,"message": string,"name": string,"status": Database["public"]['Enums']["contact_message_status"],"subject": string,"user_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"email": string,"id"?: never,"message": string,"name": string,"status"?: Database["public"]['Enums']["contact_message_status"],"subject"?: string,"user_id"?: string | null
                  }
                  Update: {
                    "created_at"?: string,"email"?: string,"id"?: never,"message"?: string,"name"?: string,"status"?: Database["public"]['Enums']["contact_message_status"],"subject"?: string,"user_id"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"conversations": {
                  Row: {
                    "created_at": string,"id": string,"owner_id": string,"title": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"id"?: string,"owner_id"?: string,"title": string
                  }
                  Update: {
                    "created_at"?: string,"id"?: string,"owner_id"?: string,"title"?: string
                  }
                  Relationships: [
                    
                  ]
                },"items": {
                  Row: {
                    "author_id": string,"body": string,"created_at": string,"id": number,"title": string
                  }
                  ComputedFields: never
                  Insert: {
                    "author_id"?: string,"body"?: string,"created_at"?: string,"id"?: never,"title": string
                  }
                  Update: {
                    "author_id"?: string,"body"?: string,"created_at"?: string,"id"?: never,"title"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "items_author_id_fkey"
      columns: ["author_id"]
isOneToOne: false
      referencedRelation: "profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"messages": {
                  Row: {
                    "content": string,"conversation_id": string,"created_at": string,"error": string | null,"id": number,"reply_to": number | null,"role": Database["public"]['Enums']["message_role"],"status": Database["public"]['Enums']["message_status"],"tokens": number | null
                  }
                  ComputedFields: never
                  Insert: {
                    "content": string,"conversation_id": string,"created_at"?: string,"error"?: string | null,"id"?: never,"reply_to"?: number | null,"role": Database["public"]['Enums']["message_role"],"status"?: Database["public"]['Enums']["message_status"],"tokens"?: number | null
                  }
                  Update: {
                    "content"?: string,"conversation_id"?: string,"created_at"?: string,"error"?: string | null,"id"?: never,"reply_to"?: number | null,"role"?: Database["public"]['Enums']["message_role"],"status"?: Database["public"]['Enums']["message_status"],"tokens"?: number | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "messages_conversation_id_fkey"
      columns: ["conversation_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "messages_reply_to_fkey"
      columns: ["reply_to"]
isOneToOne: true
      referencedRelation: "messages"
      referencedColumns: ["id"]
    }
                  ]
                },"profiles": {
                  Row: {
                    "created_at": string,"display_name": string | null,"id": string,"updated_at": string,"username": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"display_name"?: string | null,"id": string,"updated_at"?: string,"username": string
                  }
                  Update: {
                    "created_at"?: string,"display_name"?: string | null,"id"?: string,"updated_at"?: string,"username"?: string
                  }
                  Relationships: [
                    
                  ]
                },"todos": {
                  Row: {
                    "created_at": string,"done": boolean,"id": number,"owner_id": string,"title": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"done"?: boolean,"id"?: never,"owner_id"?: string,"title": string,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"done"?: boolean,"id"?: never,"owner_id"?: string,"title"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                }
          }
          Views: {
            [_ in never]: never
          }
          Functions: {
            "assistant_budget_hit":
{ Args: { "max_requests": number,"max_tokens": number,"user_id": string }; Returns: {
              "allowed": boolean,"requests": number,"resets_at": string,"tokens": number
            }[]
                           },
"assistant_budget_spend":
{ Args: { "tokens": number,"user_id": string }; Returns: undefined
                           },
"assistant_budget_today":
{ Args: { "user_id": string }; Returns: {
              "requests": number,"resets_at": string,"tokens": number
            }[]
                           },
"change_log_position":
{ Args: Record<PropertyKey, never>; Returns: {
              "head": string,"horizon": string
            }[]
                           },
"changes_since":
{ Args: { "after_cursor": string,"max_rows": number }; Returns: {
              "cursor": string,"operation": string,"owner_id": string,"row_data": Json,"row_id": number,"table_name": string
            }[]
                           },
"is_admin":
{ Args: Record<PropertyKey, never>; Returns: boolean
                           },
"prune_changes":
{ Args: { "retention_seconds": number }; Returns: undefined
                           },
"rate_limit_hit":
{ Args: { "key": string,"max_hits": number,"window_seconds": number }; Returns: {
              "allowed": boolean,"remaining": number,"retry_after_seconds": number
            }[]
                           },
"session_is_active":
{ Args: { "session_id": string }; Returns: boolean
                           },
"set_user_role":
{ Args: { "acting_admin": string,"new_role": string,"target_user": string }; Returns: undefined
                           },
"users_page":
{ Args: { "after_created_at"?: string,"after_id"?: string,"page_size": number }; Returns: {
              "created_at": string,"email": string,"id": string,"role": string,"username": string
            }[]
                           }
          }
          Enums: {
            "contact_message_status": "new"|"read"|"archived","message_role": "user"|"assistant","message_status": "complete"|"streaming"|"incomplete"
          }
          CompositeTypes: {
            [_ in never]: never
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "public": {
          Enums: {
            "contact_message_status": ["new", "read", "archived"],"message_role": ["user", "assistant"],"message_status": ["complete", "streaming", "incomplete"]
          }
        }
} as const
